"""From user-given paths to extracted invoices: the shared front half of every command.

``read_invoices`` walks folders, reads each PDF, detects its language and finds its fields.
A file that cannot be read becomes a ``ReadError`` and the run goes on with the others.
"""
from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from invoice_lint.extract.pdf import DEFAULT_BACKEND, DEFAULT_TIME_LIMIT, ExtractionFailed, read_pdf, time_limit
from invoice_lint.foundation.model import ExtractedInvoice, ReadError

# The language, field and e-invoice readers are imported where a file is read, not here: a
# `check` whose results all come from the cache lists and hashes its files and reads none.


# the cause of the ReadError for a folder with nothing to read (``checking.run_check(allow_empty=True)``
# leaves it out: an empty folder is nothing to report for the billing loader and ``analyze``)
EMPTY_FOLDER = "is a folder with no PDF files in it"


def iter_pdf_paths(paths: Iterable[Path]) -> Iterator[Path | ReadError]:
    """Yield PDF files and e-invoice XML files (folders walked recursively, sorted; an XML file in a
    folder only when it is a CII or UBL invoice) or a ReadError for a bad path."""
    for raw in paths:
        path = Path(raw)
        try:
            if not path.exists():
                yield ReadError(str(path), "unreadable-pdf", "does not exist")
                continue
            if path.is_dir():
                found = sorted(
                    p for p in path.rglob("*") if p.is_file() and not _hidden(p, path) and (
                        p.suffix.lower() == ".pdf" or (p.suffix.lower() == ".xml" and _is_einvoice(p)))
                )
                if not found:
                    yield ReadError(str(path), "unreadable-pdf", EMPTY_FOLDER)
                yield from found
            else:
                yield path
        except (OSError, ValueError) as exc:  # a folder that cannot be listed, a name the system refuses
            yield ReadError(str(path), "unreadable-pdf", f"cannot be opened ({getattr(exc, 'strerror', None) or exc})")


def _is_einvoice(path: Path) -> bool:
    from invoice_lint.einvoice import looks_like_einvoice  # only when a folder holds XML files

    return looks_like_einvoice(path)


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


@dataclass(frozen=True)
class ReadOptions:
    """How each file is read: the same object travels from the CLI, config, dashboard and
    audit to every reader (and, being small and picklable, to worker processes)."""

    language: str | None = None  # force the document language; None detects it
    time_limit_s: float | None = DEFAULT_TIME_LIMIT  # per file: reading, language and fields
    with_tables: bool = False  # also extract ruled tables (pdfplumber; slower)
    ocr: bool = False  # read pages without a text layer through Tesseract (extract/ocr.py)
    backend: str = DEFAULT_BACKEND  # "pdfium" (text page API, fast) or "pdfplumber"; tables always use pdfplumber

    # how the files are run, not what they give (``run`` fields stay out of the cache key):
    jobs: int = field(default=1, metadata={"run": True})  # worker processes; 1 reads in this process
    cache_dir: str | None = field(default=None, metadata={"run": True})  # extraction cache; None: no cache
    dask: str | None = field(default=None, metadata={"run": True})  # Dask scheduler address, or "local"

    def with_(self, **changes) -> ReadOptions:
        return replace(self, **changes) if changes else self


def default_run_options() -> dict:
    """The run fields a reading command uses without --jobs, --cache-dir, --no-cache or --dask: all
    CPUs, the default cache folder, no Dask.  ``ReadOptions(**default_run_options())`` reads as the
    commands do, for a reader with no command line of its own (the dashboard)."""
    from invoice_lint.cache import cache_dir_for
    from invoice_lint.runner import cpu_count

    return {"jobs": cpu_count(), "cache_dir": cache_dir_for(None, False), "dask": None}


def read_invoice(path: Path | str, options: ReadOptions | None = None, **changes) -> ExtractedInvoice:
    """Read one PDF and find its fields.  Raises ExtractionFailed for unreadable input — and for
    anything else that goes wrong on this one file, with the step that failed as the cause.
    The time limit covers the whole file: reading, language detection and field detection.
    ``changes`` override single options: ``read_invoice(path, language="de")``."""
    from invoice_lint.einvoice import embedded_xml
    from invoice_lint.extract.language import assign_language
    from invoice_lint.fields.detect import detect_fields

    options = (options or ReadOptions()).with_(**changes)
    path = Path(path)
    if path.suffix.lower() == ".xml":
        return _read_xml_invoice(path)
    step = "could not be read"
    try:
        with time_limit(options.time_limit_s, path):
            try:
                document = read_pdf(path, time_limit_s=options.time_limit_s, with_tables=options.with_tables,
                                    backend=options.backend)
            except ExtractionFailed as failed:
                if not (options.ocr and failed.error.kind == "no-text-layer"):
                    raise
                document = None
            if options.ocr:
                from invoice_lint.extract.ocr import read_by_ocr

                step = "could not be read by OCR"
                document = read_by_ocr(path, document, options.language, options.time_limit_s)
            step = "was read, but its language could not be detected"
            assign_language(document, options.language)
            step = "was read, but its fields could not be found"
            fields = detect_fields(document)
            step = "was read, but its embedded e-invoice XML could not be looked for"
            # the PDFium reader counted the attachments: none, and there is no XML to open the file for
            xml = None if document.metadata.get("attachments") == 0 else embedded_xml(path)
            if document.ocr:
                from invoice_lint.extract.ocr import attach_confidences

                attach_confidences(document, fields)
    except ExtractionFailed:
        raise
    except Exception as exc:  # noqa: BLE001 - one file's failure must not cost the others
        raise ExtractionFailed(ReadError(str(path), "unreadable-pdf", f"{step} ({_brief(exc)})")) from None
    return ExtractedInvoice(document=document, fields=fields, xml=xml)


def _read_xml_invoice(path: Path) -> ExtractedInvoice:
    """A bare CII or UBL invoice: fields from its XML; unreadable XML is one per-file error."""
    from invoice_lint.einvoice import xml_file
    from invoice_lint.einvoice.document import xml_document

    xml = xml_file(path)
    if xml.einvoice is None:
        raise ExtractionFailed(ReadError(str(path), "xml-unreadable", xml.problem))
    return xml_document(path, xml)


def _brief(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    text = text if len(text) <= 120 else text[:117] + "..."
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def read_invoices(
    paths: Iterable[Path],
    options: ReadOptions | None = None,
    progress: bool = False,
    **changes,
) -> tuple[list[ExtractedInvoice], list[ReadError]]:
    """Read every PDF under ``paths`` in input order; unreadable ones come back as ReadErrors.
    ``changes`` override single options: ``read_invoices(paths, language="de")``."""
    return read_invoice_items(list(iter_pdf_paths(paths)), (options or ReadOptions()).with_(**changes), progress)


def read_invoice_items(items: list[Path | ReadError], options: ReadOptions,
                       progress: bool = False) -> tuple[list[ExtractedInvoice], list[ReadError]]:
    """``read_invoices`` over what ``iter_pdf_paths`` gave (a caller that lists its inputs once)."""
    options = _ready(options)
    from invoice_lint.runner import read_items, split

    # the cache, worker processes (options.jobs) or a Dask cluster (options.dask): runner.py
    return split(read_items(items, options, progress))


def read_and_check_invoices(paths: Iterable[Path], options: ReadOptions, checks,
                            progress: bool = False) -> tuple[list[ExtractedInvoice], list[ReadError], list]:
    """``read_invoices``, and ``checks`` (``checks.engine.DocumentChecks``: the per-document rules)
    run on each invoice by the process that read it (a worker with ``--jobs``), or come from the
    cache; the third list, aligned with the invoices, holds those outcomes for
    ``checks.engine.check_invoices(..., checked=...)``.  The invoices are cut down to what the
    cross-document rules read (``DocumentChecks.settle``): no pages."""
    return read_and_check_items(list(iter_pdf_paths(paths)), options, checks, progress)


def read_and_check_items(items: list[Path | ReadError], options: ReadOptions, checks,
                         progress: bool = False) -> tuple[list[ExtractedInvoice], list[ReadError], list]:
    """``read_and_check_invoices`` over what ``iter_pdf_paths`` gave (``check`` lists its inputs once)."""
    options = _ready(options)
    from invoice_lint.runner import read_items, split_checked

    return split_checked(read_items(items, options, progress, checks))


def _ready(options: ReadOptions) -> ReadOptions:
    if options.ocr:  # a missing Tesseract is one message for the run, not one per file
        from invoice_lint.extract.ocr import require_tesseract

        require_tesseract(options.language)
    return options


def show_progress(output_is_machine_format: bool = False) -> bool:
    """Progress bars only for people: stderr is a terminal, not CI, not a machine format."""
    return (
        not output_is_machine_format
        and sys.stderr.isatty()
        and os.environ.get("CI", "").lower() not in {"1", "true", "yes"}
    )

