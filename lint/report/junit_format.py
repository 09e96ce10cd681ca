"""JUnit XML: one testsuite per file, one failing testcase per finding (unique names)."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter

from invoice_lint.report import RunReport, relative


def render(run: RunReport) -> str:
    by_file: dict[str, list] = {p: [] for p in run.files}
    for f in run.findings:
        by_file.setdefault(f.path, []).append(f)
    # one passing testcase per clean file, one failing testcase per finding
    cases = sum(max(1, len(findings)) for findings in by_file.values())
    suites = ET.Element("testsuites", name="invoice-lint", tests=str(cases), failures=str(len(run.findings)))
    for path, findings in by_file.items():
        suite = ET.SubElement(suites, "testsuite", name=relative(path), tests=str(max(1, len(findings))),
                              failures=str(len(findings)))
        if not findings:
            ET.SubElement(suite, "testcase", name="invoice-lint", classname=relative(path))
        seen: Counter[str] = Counter()
        for f in findings:
            base = f"{f.code} {f.rule} page {f.page or '-'} line {f.line or '-'}"
            seen[base] += 1
            name = base if seen[base] == 1 else f"{base} #{seen[base]}"
            case = ET.SubElement(suite, "testcase", name=name, classname=relative(path))
            failure = ET.SubElement(case, "failure", message=f.message, type=f.severity)
            failure.text = f"{f.message}\n{f.snippet}\nBasis: {f.basis}"
    return ET.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"
