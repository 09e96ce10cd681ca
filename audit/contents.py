"""The audit report as plain data: sections built from one ``Billing`` (no wording, no markup).

Everything here is taken from what ``load_billing`` already computed — the check findings, the
trait table and the ``analyze`` result — so the report agrees with ``invoice-lint check`` and
``invoice-lint analyze``.  Fixed text is not chosen here: sentences are ``Msg(key, params)`` and
trait names ``TextKey``s, translated by the renderer from ``rules/report/<language>.yaml``.
Strings from invoices, the ledger or the survey pass through the redactor (``--redact``) and
lose any absolute path of the audited folder before they leave this module.
"""
from __future__ import annotations

import dataclasses
import math
import os
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from invoice_lint import __version__
from invoice_lint.analytics.kpis import AGING_BUCKETS
from invoice_lint.audit.crops import DataURI, crops_for
from invoice_lint.audit.redact import Redactor
from invoice_lint.checks import kinds
from invoice_lint.checks.consistency import date_style, money_style
from invoice_lint.foundation.text import fold

SEVERITY_WEIGHT = {"error": 3, "warning": 2, "info": 1}

# Compliance matrix: column -> the required-kind rules whose findings put a ✗ in it.
MATRIX_COLUMNS = {
    "items": ("missing-line-items",),
    "amount": ("missing-total",),
    "payment_methods": ("missing-payment-methods",),
    "due_date": ("missing-due-date",),
    "tax": ("missing-tax-info",),
    "invoice_number": ("missing-invoice-number",),
    "issue_date": ("missing-issue-date",),
}
JURISDICTION_COLUMN = "jurisdiction"  # required-kind rules of the VAT-law packs (not core, not style)

# Changes the executive summary can recommend: a group of rules, and the trait whose payment
# effect in the ledger is the evidence (the level that the change brings about).
CHANGE_GROUPS = {
    "due_date": (("missing-due-date", "vague-payment-terms", "due-before-issue"), ("has_due_date", "yes")),
    "arithmetic": (("line-amount-mismatch", "line-sum-mismatch", "total-mismatch", "tax-mismatch",
                    "amount-due-mismatch"), None),
    "identifiers": (("invalid-iban", "invalid-tax-id", "invalid-bank-account", "unmasked-card-number"), None),
    "required": (("missing-invoice-number", "missing-issue-date", "missing-line-items", "missing-total",
                  "missing-buyer-name", "missing-place-of-issue", "missing-supply-date"), None),
    "tax": (("missing-tax-info", "missing-seller-tax-id", "missing-vat-amount", "vat-not-in-sterling"),
            ("has_tax_info", "yes")),
    "payment_methods": (("missing-payment-methods",), None),
    "payment_link": (("missing-payment-link",), ("has_payment_link", "yes")),
    "thank_you": (("missing-thank-you",), ("has_thank_you", "yes")),
    "wording": (("low-readability", "commercialese", "preferred-term"), None),
    "consistency": (("inconsistent-terms", "inconsistent-date-format", "inconsistent-currency-style",
                     "inconsistent-register", "inconsistent-seller-details"), None),
    "dates": (("supply-after-issue",), None),
    "readable_files": (("unreadable-pdf", "no-text-layer"), None),
}
# Flags that say a ledger difference does not hold up once the other traits are accounted for.
DOUBTFUL = {"unclear-after-adjustment", "reversed-after-adjustment"}
MAX_EFFECTS = 12
MAX_SURVEY_EFFECTS = 10
MAX_CLIENTS = 10


class TextKey(str):
    """A key of the report texts, translated when rendered (e.g. ``traits.has_due_date``)."""


@dataclass
class Msg:
    key: str
    params: dict = field(default_factory=dict)


@dataclass
class FindingRow:
    file: str
    code: str
    rule: str
    severity: str
    kind: str
    page: int | None
    line: int | None
    message: str
    snippet: str
    image: DataURI | None = None


@dataclass
class Change:
    group: str
    codes: list[str]
    severity: str
    files: list[str]
    score: float
    evidence: list[Msg]
    example: str = ""  # one finding's message (rule-pack language: English)
    title_en: str = ""  # for rules outside the known groups: the rule's own "use instead"
    why_en: str = ""


@dataclass
class MatrixRow:
    file: str
    language: str
    cells: dict[str, str]  # column -> "ok" | "missing" | "na"
    codes: dict[str, list[str]]
    compliant: bool


@dataclass
class RuleDoc:
    code: str
    name: str
    severity: str
    kind: str
    packs: list[str]
    rationale: str
    example: str
    use_instead: str
    basis: str
    count: int


@dataclass
class AuditContents:
    folder: str
    tool: dict
    summary: dict
    changes: list[Change]
    matrix_columns: list[tuple[str, bool]]  # (column, checked)
    matrix: list[MatrixRow]
    errors: list[FindingRow]
    wording: dict
    timeliness: dict
    payments: dict | None
    feedback: dict | None
    findings: list[FindingRow]
    rule_docs: list[RuleDoc]
    unreadable: list[dict]
    notes: list[str]
    redacted: bool
    experiment: dict | None = None  # a template experiment (audit --assignment), from `experiment analyze`


# --- helpers ----------------------------------------------------------------------------------

def _num(value, digits: int = 1):
    """A JSON-ish number as a float rounded for display, or None."""
    if value is None:
        return None
    try:
        f = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(f) else round(f, digits)


def _level_text(level) -> str:
    text = str(level)
    return TextKey(f"levels.{text}") if text in ("yes", "no", "(unknown)") else text


def _trait_text(trait: str) -> str:
    return TextKey(f"traits.{trait}")


class _Clean:
    """Apply the redactor and drop the audited folder's absolute path from every data string."""

    SKIP = {"code", "rule", "severity", "kind", "group", "key", "codes", "cells", "language", "status", "packs"}

    def __init__(self, redactor: Redactor, root: Path):
        self.redactor = redactor
        resolved = str(root.resolve())
        self.prefixes = [(resolved + os.sep, ""), (resolved, root.name)]
        if not root.is_absolute():
            self.prefixes.append((str(root.absolute()) + os.sep, ""))

    def text(self, value: str) -> str:
        if isinstance(value, (DataURI, TextKey)):
            return value
        for prefix, replacement in self.prefixes:
            value = value.replace(prefix, replacement)
        return self.redactor(value)

    def __call__(self, obj, name: str = ""):
        if name in self.SKIP:
            return obj
        if isinstance(obj, str):
            return self.text(obj)
        if isinstance(obj, Msg):
            obj.params = {k: self(v) for k, v in obj.params.items()}
            return obj
        if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
            for f in dataclasses.fields(obj):
                setattr(obj, f.name, self(getattr(obj, f.name), f.name))
            return obj
        if isinstance(obj, dict):
            return {k: self(v, k if isinstance(k, str) else "") for k, v in obj.items()}
        if isinstance(obj, (list, tuple)):
            return type(obj)(self(v) for v in obj) if isinstance(obj, list) else tuple(self(v) for v in obj)
        return obj


# --- sections ---------------------------------------------------------------------------------

def _finding_rows(billing, findings, kinds_of: dict[str, str]) -> list[FindingRow]:
    return [FindingRow(file=billing.relative(f.path), code=f.code, rule=f.rule, severity=f.severity,
                       kind=kinds_of.get(f.code, ""), page=f.page, line=f.line, message=f.message,
                       snippet=f.snippet) for f in findings]


def _matrix(billing, ruleset) -> tuple[list[tuple[str, bool]], list[MatrixRow]]:
    selected = {r.name: r for r in ruleset.rules}
    columns = dict(MATRIX_COLUMNS)
    columns[JURISDICTION_COLUMN] = tuple(
        r.name for r in ruleset.rules if r.kind == "required" and not set(r.packs) & {"core", "style"})
    checked = {c: any(name in selected for name in names) for c, names in columns.items()}
    rule_to_column = {name: c for c, names in columns.items() for name in names}
    missing: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for f in billing.findings:
        column = rule_to_column.get(f.rule)
        if column:
            missing[billing.relative(f.path)][column].append(f.code)
    rows = []
    for invoice in sorted(billing.invoices, key=lambda i: billing.relative(i.document.path)):
        file = billing.relative(invoice.document.path)
        cells = {c: ("na" if not checked[c] else "missing" if missing[file].get(c) else "ok") for c in columns}
        rows.append(MatrixRow(file=file, language=invoice.document.language, cells=cells,
                              codes={c: v for c, v in missing[file].items()},
                              compliant=not any(v == "missing" for v in cells.values())))
    return [(c, checked[c]) for c in columns], rows


def _effect_row(effect: dict) -> dict:
    low, high = _num(effect.get("ci_low")), _num(effect.get("ci_high"))
    return {
        "trait": _trait_text(effect["trait"]), "trait_name": effect["trait"],
        "level": _level_text(effect["level"]), "reference": _level_text(effect["reference"]),
        "n_with": int(effect.get("n_with") or 0), "n_without": int(effect.get("n_without") or 0),
        "median_with": _num(effect.get("median_days_with")), "median_without": _num(effect.get("median_days_without")),
        "effect_days": _num(effect.get("effect_days")), "ci_low": low, "ci_high": high,
        "hazard_ratio": _num(effect.get("hazard_ratio"), 2), "hr_low": _num(effect.get("hr_ci_low"), 2),
        "hr_high": _num(effect.get("hr_ci_high"), 2),
        "late_with": _num(effect.get("late_share_with"), 3), "late_without": _num(effect.get("late_share_without"), 3),
        "significant": bool(effect.get("significant")), "flags": list(effect.get("flags") or []),
    }


def _effect_for(analysis, trait: str, level: str) -> dict | None:
    if analysis is None:
        return None
    for effect in analysis.report.get("effects") or []:
        if effect.get("trait") == trait and str(effect.get("level")) == level:
            return effect
    return None


def _survey_for(analysis, trait: str, level: str) -> dict | None:
    survey = analysis.report.get("survey") if analysis is not None else None
    best = None
    for effect in (survey or {}).get("effects") or []:
        if effect.get("trait") == trait and str(effect.get("level")) == level and effect.get("significant"):
            if best is None or abs(effect.get("mean_difference") or 0) > abs(best.get("mean_difference") or 0):
                best = effect
    return best


def _changes(billing, ruleset) -> list[Change]:
    by_rule: dict[str, list] = defaultdict(list)
    for f in billing.findings:
        by_rule[f.rule].append(f)
    groups = {g: rules for g, (rules, _) in CHANGE_GROUPS.items()}
    known = {name for rules in groups.values() for name in rules}
    for name in by_rule:  # rules outside the known groups (house packs) are their own change
        if name not in known:
            groups[f"rule:{name}"] = (name,)
    out = []
    for group, rules in groups.items():
        hits = [f for name in rules for f in by_rule.get(name, [])]
        if not hits:
            continue
        files = sorted({billing.relative(f.path) for f in hits})
        severity = min((f.severity for f in hits), key=lambda s: -SEVERITY_WEIGHT.get(s, 0))
        score = float(SEVERITY_WEIGHT.get(severity, 1) * len(files))
        evidence = [Msg("evidence.invoices", {"count": len(files), "files": ", ".join(files[:5]) +
                                              (" …" if len(files) > 5 else "")})]
        trait = CHANGE_GROUPS.get(group, (None, None))[1]
        if trait is not None:
            effect = _effect_for(billing.analysis, *trait)
            if effect is not None and effect.get("effect_days") is not None:
                row = _effect_row(effect)
                supports = row["significant"] and row["effect_days"] < 0 and not DOUBTFUL & set(row["flags"])
                key = "evidence.paid_sooner" if row["effect_days"] < 0 else "evidence.paid_later"
                evidence.append(Msg(key, {"trait": row["trait"], "days": abs(row["effect_days"]),
                                          "median_with": row["median_with"], "median_without": row["median_without"],
                                          "low": row["ci_low"], "high": row["ci_high"], "n_with": row["n_with"],
                                          "n_without": row["n_without"]}))
                if row["hazard_ratio"] is not None:
                    evidence.append(Msg("evidence.adjusted", {"hr": row["hazard_ratio"], "low": row["hr_low"],
                                                              "high": row["hr_high"]}))
                if not supports:
                    evidence.append(Msg("evidence.not_conclusive"))
                else:
                    score += abs(row["effect_days"])
            survey = _survey_for(billing.analysis, *trait)
            if survey is not None:
                evidence.append(Msg("evidence.survey", {
                    "question": survey["question"], "trait": _trait_text(survey["trait"]),
                    "difference": _num(survey.get("mean_difference"), 2), "low": _num(survey.get("ci_low"), 2),
                    "high": _num(survey.get("ci_high"), 2)}))
        change = Change(group=group if not group.startswith("rule:") else "rule", codes=sorted({f.code for f in hits}),
                        severity=severity, files=files, score=score, evidence=evidence, example=hits[0].message)
        if group.startswith("rule:"):
            rule = ruleset.lookup(group[5:])
            change.title_en = (rule.use_instead or rule.message) if rule else group[5:]
            change.why_en = rule.rationale if rule else ""
        out.append(change)
    out.sort(key=lambda c: (-c.score, c.group))
    return out


def _wording(billing, kinds_of) -> dict:
    traits = billing.traits.set_index("file") if len(billing.traits) else None
    families: dict[str, dict] = {}
    variants: dict[tuple[str, str], Counter] = defaultdict(Counter)  # folded label -> invoices using it
    shown: dict[tuple[str, str, str], str] = {}  # the label as first printed
    for invoice in billing.invoices:
        file = billing.relative(invoice.document.path)
        name = Path(file).name
        row = traits.loc[name] if traits is not None and name in traits.index else None
        family = str(row["style"]) if row is not None and "style" in row and row["style"] == row["style"] else "—"
        entry = families.setdefault(family, {"style": family, "files": [], "languages": set(), "registers": set(),
                                             "date_formats": set(), "currency_styles": set(), "readability": []})
        entry["files"].append(file)
        entry["languages"].add(invoice.document.language)
        if row is not None and isinstance(row.get("register"), str):
            entry["registers"].add(row["register"])
        if row is not None and _num(row.get("readability")) is not None:
            entry["readability"].append(_num(row.get("readability")))
        date_format = date_style(invoice)  # the style most of its dates are printed in
        if date_format:
            entry["date_formats"].add(date_format)
        total = invoice.fields.get("total") or invoice.fields.get("amount_due")
        style = money_style(total.text) if total is not None and total.text else None  # what CON003 compares
        if style is not None:
            entry["currency_styles"].add(style.sample())
        base = invoice.document.base_language
        for concept, labels in invoice.fields.labels.items():
            for label in {fold(label): label for label in labels}.values():
                variants[(base, concept)][fold(label)] += 1
                shown.setdefault((base, concept, fold(label)), label)
    rows = []
    for family in sorted(families.values(), key=lambda e: e["style"]):
        scores = family.pop("readability")
        rows.append({**{k: sorted(v) if isinstance(v, set) else v for k, v in family.items()},
                     "count": len(family["files"]),
                     "readability": (min(scores), max(scores)) if scores else None})
    label_rows = [{"language": lang, "concept": concept,
                   "labels": [f"{shown[(lang, concept, key)]} ({n})" for key, n in counter.most_common()]}
                  for (lang, concept), counter in sorted(variants.items()) if len(counter) > 1]
    wording_kinds = kinds.about("wording")  # consistency, existence, substitution, readability
    findings = [f for f in billing.findings if kinds_of.get(f.code) in wording_kinds]
    return {"families": rows, "label_variants": label_rows,
            "findings": _finding_rows(billing, findings, kinds_of)}


def _timeliness(billing) -> dict:
    rows = []
    if len(billing.traits) and "issue_lag_days" in billing.traits:
        for _, row in billing.traits.sort_values("file").iterrows():
            lag = _num(row["issue_lag_days"], 0)
            if lag is not None:
                rows.append({"file": row["file"], "days": int(lag)})
    late = [f for f in billing.findings if f.rule == "supply-after-issue"]
    if not rows:
        return {"available": False, "rows": [], "late_supply": len(late), "invoices": len(billing.invoices)}
    days = sorted(r["days"] for r in rows)
    mid = len(days) // 2
    median = float(days[mid]) if len(days) % 2 else (days[mid - 1] + days[mid]) / 2
    return {"available": True, "rows": rows, "count": len(rows), "invoices": len(billing.invoices),
            "median": median, "max": days[-1], "min": days[0], "late_supply": len(late)}


def _payments(billing) -> dict | None:
    analysis = billing.analysis
    if analysis is None:
        return None
    report = analysis.report
    rows = report.get("rows") or {}
    kpis = []
    for currency, k in sorted(((report.get("kpis") or {}).get("by_currency") or {}).items()):
        aging = {bucket: Decimal(v.get("amount", "0")) for bucket, v in (k.get("aging") or {}).items()}
        kpis.append({"currency": currency, "dso": k.get("dso"), "best_possible_dso": k.get("best_possible_dso"),
                     "add": k.get("add"), "cei": k.get("cei"), "open_ar": k.get("open_ar"),
                     "sales_in_period": k.get("sales_in_period"), "open_invoices": k.get("open_invoices"),
                     "aging": aging,
                     "aging_counts": {b: int(v.get("invoices", 0)) for b, v in (k.get("aging") or {}).items()}})
    clients = []
    aging = analysis.aging
    if aging is not None and len(aging):
        top = aging.sort_values("total", ascending=False).head(MAX_CLIENTS)
        buckets = [c for c in AGING_BUCKETS if c in top.columns]
        for _, r in top.iterrows():  # amounts stay Decimal (analytics.kpis.aging_by_client)
            clients.append({"client": str(r["client"]), "currency": str(r["currency"]),
                            "buckets": [r[b] for b in buckets], "total": r["total"]})
    effects = [_effect_row(e) for e in report.get("effects") or [] if e.get("effect_days") is not None]
    effects.sort(key=lambda e: (not e["significant"], -abs(e["effect_days"] or 0)))
    bootstrap = (report.get("method") or {}).get("bootstrap") or {}
    return {
        "as_of": (report.get("inputs") or {}).get("as_of"),
        "rows_read": rows.get("read", 0), "rows_included": rows.get("included", 0),
        "matched_by_number": rows.get("matched_by_number", 0), "matched_by_template": rows.get("matched_by_template", 0),
        "unmatched": rows.get("unmatched", 0), "duplicate": rows.get("duplicate", 0),
        "excluded": rows.get("excluded", 0), "unpaid_censored": rows.get("unpaid_censored", 0),
        "excluded_reasons": [f"{reason} ({n})" for reason, n in (rows.get("excluded_reasons") or {}).items()],
        "kpis": kpis, "clients": clients, "effects": effects[:MAX_EFFECTS], "effects_total": len(effects),
        "replicates": bootstrap.get("replicates"), "clients_count": bootstrap.get("clients"),
    }


def _feedback(billing) -> dict | None:
    survey = (billing.analysis.report.get("survey") if billing.analysis is not None else None)
    if not survey:
        return None
    rows = survey.get("rows") or {}
    effects = []
    for e in survey.get("effects") or []:
        if not e.get("significant"):
            continue
        effects.append({"question": str(e["question"]), "trait": _trait_text(e["trait"]),
                        "level": _level_text(e["level"]), "reference": _level_text(e["reference"]),
                        "mean_with": _num(e.get("mean_with"), 2), "mean_without": _num(e.get("mean_without"), 2),
                        "difference": _num(e.get("mean_difference"), 2), "ci_low": _num(e.get("ci_low"), 2),
                        "ci_high": _num(e.get("ci_high"), 2), "n_with": int(e.get("n_with") or 0),
                        "n_without": int(e.get("n_without") or 0), "flags": list(e.get("flags") or [])})
    effects.sort(key=lambda e: -abs(e["difference"] or 0))
    themes = [{"language": t.get("language", ""), "theme": t.get("theme", ""), "comments": int(t.get("comments", 0)),
               "share": _num(t.get("share"), 3), "examples": [str(x) for x in (t.get("examples") or [])[:3]]}
              for t in survey.get("themes") or []]
    return {"answers": rows.get("read", 0), "tied": rows.get("matched_by_number", 0) + rows.get("matched_by_client_date", 0),
            "excluded": rows.get("excluded", 0), "response_rate": _num(rows.get("response_rate"), 3),
            "effects": effects[:MAX_SURVEY_EFFECTS], "effects_total": len(effects), "themes": themes,
            "questions": sorted((survey.get("scales") or {}).keys())}


def _jurisdiction_packs() -> list[str]:
    """The packs --jurisdiction can add: every folder of rules/packs beyond the default packs."""
    from invoice_lint.checks.rules import _packs_root
    from invoice_lint.config import Config

    default = Config().packs
    return sorted(p.name for p in _packs_root().iterdir() if p.is_dir() and p.name not in default
                  and not p.name.startswith(("_", ".")))


def _tool(billing, options: dict) -> dict:
    config = billing.config
    packs = sorted({p for r in billing.ruleset.rules for p in r.packs
                    if p in set(config.packs) | set(config.jurisdiction) or p == "core"})
    settings = {}
    for name in ("select", "extend_select", "ignore", "per_file_ignores", "severity", "language", "thresholds",
                 "preferred_terms", "rejected_terms", "fail_on"):
        value = getattr(config, name, None)
        if value:
            settings[name.replace("_", "-")] = str(value)
    if config.rule_paths:
        settings["rule-paths"] = ", ".join(billing.relative(p) for p in config.rule_paths)
    if config.ignores:
        settings["ignores"] = "; ".join(f"{i.rule} @ {i.path} ({i.reason})" for i in config.ignores)
    return {"version": __version__, "packs": packs, "jurisdiction": list(config.jurisdiction),
            "jurisdiction_packs": _jurisdiction_packs(),
            "rules": len(billing.ruleset.rules), "config": billing.relative(config.source) if config.source else None,
            "settings": settings, "command": options.get("command", ""),
            "payments": billing.relative(billing.payments) if billing.payments else None,
            "survey": billing.relative(billing.survey) if billing.survey else None,
            "as_of": options.get("as_of") or (billing.analysis.report["inputs"]["as_of"] if billing.analysis else None),
            "replicates": options.get("replicates"), "generated": options.get("generated", "")}


def redaction_names(billing) -> list[str]:
    """Personal names to mask: buyer names printed on the invoices and client names in the ledger."""
    names = [str(i.fields.value("buyer_name")) for i in billing.invoices if i.fields.value("buyer_name")]
    analysis = billing.analysis
    if analysis is not None and "client" in analysis.joined:
        names += [str(c) for c in analysis.joined["client"].dropna().unique()]
    return names


def _experiment(report: dict | None) -> dict | None:
    """The experiment section from ``experiment analyze``'s JSON: plan, variants, comparisons, checks."""
    if not report:
        return None
    plan = report.get("plan") or {}
    design, checks = report["design"], report["checks"]
    templates = {v["name"]: v.get("template") for v in plan.get("variants") or []}
    arms = [{"variant": a["variant"], "template": Path(templates[a["variant"]]).name if templates.get(a["variant"]) else "",
             "clients": a["clients"], "invoices": a["invoices"], "paid": a["paid"],
             "rmst_days": _num(a["rmst_days"]), "on_time_share": _num(a["on_time_share"], 3)} for a in report["arms"]]
    comparisons = []
    for c in report["comparisons"]:
        d, s = c["rmst_difference_days"], c["on_time_share_difference"]
        comparisons.append({"variant": c["variant"], "control": c["control"], "difference": _num(d["estimate"]),
                            "ci_low": _num(d["ci"][0]), "ci_high": _num(d["ci"][1]),
                            "on_time_difference": _num(s["estimate"], 3), "on_time_low": _num(s["ci"][0], 3),
                            "on_time_high": _num(s["ci"][1], 3), "randomization_p": _num(c["randomization_p"], 3),
                            "hazard_ratio": _num((c.get("cox") or {}).get("hazard_ratio"), 2),
                            "conclusion": c["conclusion"]})
    srm, violations = checks["sample_ratio"], checks["assignment_violations"]
    return {"status": report["status"], "as_of": checks["peeking"]["as_of"],
            "analysis_date": checks["peeking"]["analysis_date"], "unit": design["unit"],
            "variants": design["variants"], "control": design["control"], "horizon": design["horizon_days"],
            "seed": plan.get("seed"), "start": plan.get("start"), "end": plan.get("end"),
            "stratify": plan.get("stratify") or "", "arms": arms, "comparisons": comparisons,
            "srm_observed": ", ".join(f"{k}: {v}" for k, v in srm["observed"].items()), "srm_p": _num(srm.get("p"), 4),
            "srm_mismatch": bool(srm.get("mismatch")), "srm_unit": srm["unit"],
            "violations": int(violations["invoices"]), "violations_share": _num(violations["share"], 3),
            "violations_checked": bool(violations["checked"]),
            "changed": bool(checks["assignment_changed_since_plan"]),
            "assignment": Path(report["inputs"]["assignment"]).name}


def build_contents(billing, *, redact: bool = False, options: dict | None = None, crops: bool = True,
                   experiment: dict | None = None) -> AuditContents:
    """All report sections for one Billing.  ``options``: command, as_of, replicates (shown for repeatability).
    ``experiment``: the JSON of ``experiment analyze`` on the same ledger (``audit --assignment``)."""
    options = options or {}
    ruleset = billing.ruleset
    kinds_of = {r.code: r.kind for r in ruleset.catalogue}
    redactor = Redactor(redact, redaction_names(billing) if redact else ())
    columns, matrix = _matrix(billing, ruleset)

    error_kinds = kinds.about("errors")  # arithmetic, identifier, date-order
    error_findings = [f for f in billing.findings if kinds_of.get(f.code) in error_kinds]
    errors = _finding_rows(billing, error_findings, kinds_of)
    if crops:
        documents = {str(i.document.path): i.document for i in billing.invoices}
        by_path: dict[str, list[int]] = defaultdict(list)
        for index, f in enumerate(error_findings):
            if f.page and f.bbox and str(f.path) in documents:
                by_path[str(f.path)].append(index)
        for path, indexes in by_path.items():
            images = crops_for(Path(path), documents[path],
                               [(error_findings[i].page, error_findings[i].bbox) for i in indexes], redactor)
            for i, image in zip(indexes, images):
                errors[i].image = image

    severities = Counter(f.severity for f in billing.findings)
    readable = len(billing.invoices)
    compliant = sum(1 for r in matrix if r.compliant)
    with_errors = len({f.path for f in billing.findings if f.severity == "error"
                       and f.rule not in ("unreadable-pdf", "no-text-layer")})
    clean = readable - len({f.path for f in billing.findings if f.rule not in ("unreadable-pdf", "no-text-layer")})
    summary = {"files": readable + len(billing.errors), "readable": readable, "unreadable": len(billing.errors),
               "compliant": compliant, "not_compliant": readable - compliant, "with_errors": with_errors,
               "clean": clean, "errors": severities.get("error", 0), "warnings": severities.get("warning", 0),
               "infos": severities.get("info", 0), "findings": len(billing.findings),
               "ledger": billing.analysis is not None, "survey": bool(billing.analysis is not None
                                                                     and billing.analysis.report.get("survey"))}

    fired = Counter(f.code for f in billing.findings)
    rule_docs = []
    for code in sorted(fired):
        rule = ruleset.by_code.get(code)
        if rule is None:
            continue
        rule_docs.append(RuleDoc(code=rule.code, name=rule.name, severity=rule.severity, kind=rule.kind,
                                 packs=list(rule.packs), rationale=rule.rationale, example=rule.example,
                                 use_instead=rule.use_instead, basis=rule.basis, count=fired[code]))

    contents = AuditContents(
        folder=billing.root.resolve().name or str(billing.root),
        tool=_tool(billing, options), summary=summary, changes=_changes(billing, ruleset)[:3],
        matrix_columns=columns, matrix=matrix, errors=errors, wording=_wording(billing, kinds_of),
        timeliness=_timeliness(billing), payments=_payments(billing), feedback=_feedback(billing),
        findings=_finding_rows(billing, billing.findings, kinds_of), rule_docs=rule_docs,
        unreadable=[{"file": billing.relative(e.path), "kind": e.kind, "cause": e.cause} for e in billing.errors],
        notes=list(billing.notes), redacted=redact, experiment=_experiment(experiment),
    )
    return _Clean(redactor, billing.root)(contents)
