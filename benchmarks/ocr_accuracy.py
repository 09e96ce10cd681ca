"""OCR field accuracy: every sample invoice rendered to images and read back through `--ocr`.

Each PDF in sample_invoices/ is rendered with `pdftoppm` (poppler-utils) to grayscale PNG pages at
300 dpi, and the pages are wrapped in an image-only PDF (Pillow) — a scan with no text layer.
The reader then reads the scan with OCR (``ReadOptions(ocr=True)``) and the original through
its text layer, and every field is scored two ways:

- against the samples' truth (sample_invoices/manifest.json, as benchmarks/field_accuracy.py's
  samples mode: n = fields with a true value, recall = right / n, precision = right / reported);
- against what the reader gets from the original text PDF (n = fields the text reading gives,
  recall = OCR gives the same value, precision = OCR values equal to the text reading's among
  all OCR values, so a field OCR invents counts against it).

The time ratios are OCR reading / text reading of the same files, measured in this run: wall
clock, and CPU time (this process and the tesseract processes it ran), which a busy machine
distorts less.
``--degrade`` also measures scans made worse the way office scanners do (a 0.6° skew and JPEG
compression at quality 50).

Run: python benchmarks/ocr_accuracy.py [--dpi 300] [--degrade] [--misses] [--json]
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def make_scan(pdf: Path, folder: Path, dpi: int, degrade: bool = False) -> Path:
    """``pdf`` as an image-only PDF: pdftoppm renders each page at ``dpi``, Pillow wraps them."""
    from PIL import Image

    stem = folder / pdf.stem
    subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", str(pdf), str(stem)], check=True)
    pages = sorted(folder.glob(f"{pdf.stem}-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
    images = [Image.open(p).convert("L") for p in pages]
    if degrade:
        import io

        worse = []
        for image in images:
            skewed = image.rotate(0.6, resample=Image.BICUBIC, expand=False, fillcolor=255)
            buffer = io.BytesIO()
            skewed.save(buffer, format="JPEG", quality=50)
            worse.append(Image.open(io.BytesIO(buffer.getvalue())).convert("L"))
        images = worse
    out = folder / f"{pdf.stem}{'-degraded' if degrade else ''}-scan.pdf"
    images[0].save(out, "PDF", resolution=dpi, save_all=True, append_images=images[1:])
    for p in pages:
        p.unlink()
    return out


class Tally:
    def __init__(self):
        self.rows = defaultdict(lambda: {"n": 0, "hit": 0, "reported": 0, "right": 0})

    def add(self, name: str, want, have, same: bool) -> None:
        row = self.rows[name]
        row["n"] += want is not None
        row["hit"] += want is not None and have is not None and same
        row["reported"] += have is not None
        row["right"] += have is not None and same

    def table(self) -> dict:
        return {name: {"n": r["n"], "recall": r["hit"] / r["n"] if r["n"] else None,
                       "precision": r["right"] / r["reported"] if r["reported"] else None,
                       "reported": r["reported"]}
                for name, r in sorted(self.rows.items())}

    def overall(self) -> dict:
        n = sum(r["n"] for r in self.rows.values())
        hit = sum(r["hit"] for r in self.rows.values())
        reported = sum(r["reported"] for r in self.rows.values())
        right = sum(r["right"] for r in self.rows.values())
        return {"n": n, "recall": hit / n if n else None, "precision": right / reported if reported else None,
                "reported": reported}


def measure(dpi: int, degrade: bool, misses: list) -> dict:
    import field_accuracy as fa  # a sibling script: benchmarks/ is this script's folder on sys.path

    from invoice_lint.fields.serialize import plain_values
    from invoice_lint.pipeline import ReadOptions, read_invoice

    samples = fa.sample_truth()
    folder = Path(tempfile.mkdtemp(prefix="il-ocr-"))
    label = f"{'degraded ' if degrade else ''}{dpi} dpi"
    try:
        vs_truth, vs_text = Tally(), Tally()
        text_time = ocr_time = text_cpu = ocr_cpu = 0.0
        pages = 0
        confidences: list[float] = []
        read_invoice(samples[0][0], ReadOptions())  # warm up: imports and the language model, untimed
        for done, (pdf, truth) in enumerate(samples, 1):
            print(f"[{label}] {done}/{len(samples)} {pdf.name}", file=sys.stderr, flush=True)  # ~3 s a page
            scan = make_scan(pdf, folder, dpi, degrade)
            start, cpu = time.perf_counter(), _cpu()
            text = read_invoice(pdf, ReadOptions())
            text_time += time.perf_counter() - start
            text_cpu += _cpu() - cpu
            start, cpu = time.perf_counter(), _cpu()
            try:
                ocr = read_invoice(scan, ReadOptions(ocr=True))
            except Exception as exc:  # noqa: BLE001 - an unreadable scan counts as nothing read
                print(f"{pdf.name}: {getattr(getattr(exc, 'error', None), 'cause', exc)}", file=sys.stderr)
                ocr = None
            ocr_time += time.perf_counter() - start
            ocr_cpu += _cpu() - cpu
            pages += len(text.document.pages)
            assert ocr is None or ocr.document.ocr, f"{scan} was not read by OCR"
            got_text = plain_values(text.fields)
            got_ocr = plain_values(ocr.fields) if ocr else {}
            if ocr:
                confidences += [f.confidence for f in ocr.fields.fields.values() if f.confidence is not None]
            for name in sorted(set(truth) - {"due_date_derived"}):
                want, have = truth[name], got_ocr.get(name)
                same = have is not None and fa.normalize(name, have) == fa.normalize(name, want)
                vs_truth.add(name, want, have, same)
                if not same:
                    misses.append((label, "truth", pdf.name, name, want, have))
            for name in sorted(set(got_text) | set(got_ocr)):
                want, have = got_text.get(name), got_ocr.get(name)
                same = have is not None and want is not None and fa.normalize(name, have) == fa.normalize(name, want)
                vs_text.add(name, want, have, same)
                if not same:
                    misses.append((label, "text", pdf.name, name, want, have))
        return {"label": label, "files": len(samples), "pages": pages,
                "vs_truth": vs_truth.table(), "vs_truth_overall": vs_truth.overall(),
                "vs_text": vs_text.table(), "vs_text_overall": vs_text.overall(),
                "text_seconds": text_time, "ocr_seconds": ocr_time, "time_ratio": ocr_time / text_time,
                "text_cpu_seconds": text_cpu, "ocr_cpu_seconds": ocr_cpu, "cpu_ratio": ocr_cpu / text_cpu,
                "ocr_seconds_per_page": ocr_time / pages,
                "median_field_confidence": sorted(confidences)[len(confidences) // 2] if confidences else None}
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _cpu() -> float:
    """CPU seconds of this process and of the programs it ran (tesseract), which a loaded
    machine's wall clock does not give."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def _pct(v) -> str:
    return "-" if v is None else f"{v:.1%}"


def show(result: dict) -> None:
    print(f"\n== {result['label']}: {result['files']} sample invoices, {result['pages']} pages ==")
    print(f"  {'field':<16} {'truth n':>7} {'recall':>7} {'precision':>9}   {'text n':>6} {'recall':>7} {'precision':>9}")
    names = sorted(set(result["vs_truth"]) | set(result["vs_text"]))
    for name in names:
        t = result["vs_truth"].get(name, {"n": 0, "recall": None, "precision": None})
        x = result["vs_text"].get(name, {"n": 0, "recall": None, "precision": None})
        print(f"  {name:<16} {t['n']:>7} {_pct(t['recall']):>7} {_pct(t['precision']):>9}   "
              f"{x['n']:>6} {_pct(x['recall']):>7} {_pct(x['precision']):>9}")
    t, x = result["vs_truth_overall"], result["vs_text_overall"]
    print(f"  {'all fields':<16} {t['n']:>7} {_pct(t['recall']):>7} {_pct(t['precision']):>9}   "
          f"{x['n']:>6} {_pct(x['recall']):>7} {_pct(x['precision']):>9}")
    print(f"  reading time: text {result['text_seconds']:.1f} s, OCR {result['ocr_seconds']:.1f} s "
          f"(x{result['time_ratio']:.1f}; {result['ocr_seconds_per_page']:.2f} s per page); CPU: text "
          f"{result['text_cpu_seconds']:.1f} s, OCR {result['ocr_cpu_seconds']:.1f} s (x{result['cpu_ratio']:.1f}); "
          f"median field confidence {_pct(result['median_field_confidence'])}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dpi", type=int, default=300, help="resolution of the rendered scans (default 300)")
    ap.add_argument("--degrade", action="store_true", help="also measure skewed, JPEG-compressed scans")
    ap.add_argument("--misses", action="store_true", help="list every OCR value that differs, on stderr")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    if shutil.which("pdftoppm") is None or shutil.which("tesseract") is None:
        print("needs pdftoppm and tesseract: apt-get install poppler-utils tesseract-ocr tesseract-ocr-eng ... "
              "(see docs/ocr.md)", file=sys.stderr)
        return 2
    misses: list = []
    results = [measure(args.dpi, False, misses)]
    if args.degrade:
        results.append(measure(args.dpi, True, misses))
    if args.json:
        print(json.dumps(results, indent=2, default=str))
    else:
        for result in results:
            show(result)
    if args.misses:
        for m in misses:
            print("MISS", *m, file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
