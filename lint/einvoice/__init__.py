"""E-invoices: the CII or UBL XML embedded in a hybrid PDF, or given as a file of its own.

    embedded_xml(pdf_path)  -> EmbeddedXml | None  (None: the PDF carries no XML)
    xml_file(path)          -> EmbeddedXml          (a bare .xml invoice)
    read_xml(data)          -> EInvoice             (raises XmlUnreadable)

Reading never raises for a bad XML: the problem becomes ``EmbeddedXml.problem``, which the
``xml-unreadable`` rule reports, and the page is still checked.
"""
from __future__ import annotations

import functools
from importlib import resources
from pathlib import Path

import yaml

from invoice_lint.einvoice.model import EInvoice, EmbeddedXml
from invoice_lint.einvoice.xmltree import XmlUnreadable, local, parse

__all__ = ["EInvoice", "EmbeddedXml", "XmlUnreadable", "embedded_xml", "xml_file", "read_xml", "profile_of",
           "looks_like_einvoice"]


def read_xml(data: bytes) -> EInvoice:
    """Parse CII (D16B or ZUGFeRD 1.0) or UBL 2.1; XmlUnreadable when it is neither."""
    from invoice_lint.einvoice.cii import CII_ROOTS, read_cii
    from invoice_lint.einvoice.ubl import UBL_ROOTS, read_ubl

    root = parse(data)
    name = local(root)
    if name in CII_ROOTS:
        invoice = read_cii(root)
    elif name in UBL_ROOTS:
        invoice = read_ubl(root)
    else:
        raise XmlUnreadable(f"is XML but not an e-invoice (its root element is <{name}>, not a CII "
                            f"CrossIndustryInvoice or a UBL Invoice/CreditNote)")
    profile = profile_of(invoice.specification)
    invoice.profile = profile["name"] if profile else None
    return invoice


def embedded_xml(path: Path) -> EmbeddedXml | None:
    """The e-invoice embedded in a PDF: the first attachment that reads as CII or UBL; when none
    does, the first one's problem.  None when the PDF has no XML attachment at all."""
    from invoice_lint.einvoice.attachments import AttachmentsUnreadable, xml_attachments

    try:
        candidates = xml_attachments(path)
    except AttachmentsUnreadable as exc:
        return EmbeddedXml(source="(attachments)", problem=str(exc))
    first_problem: EmbeddedXml | None = None
    for name, data in candidates:
        try:
            return EmbeddedXml(source=name, einvoice=read_xml(data))
        except XmlUnreadable as exc:
            # an attachment named .xml that does not read is reported; one that only looked like XML
            # (another kind of document) is simply not the invoice
            if name.lower().endswith(".xml"):
                first_problem = first_problem or EmbeddedXml(source=name, problem=f"{name} {exc}")
    return first_problem


def xml_file(path: Path) -> EmbeddedXml:
    """A bare XML invoice file; its problem when unreadable (never raises for bad content)."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        return EmbeddedXml(source=Path(path).name, problem=f"cannot be opened ({exc.strerror or exc})", bare=True)
    if not data.strip():
        return EmbeddedXml(source=Path(path).name, problem="is empty", bare=True)
    try:
        return EmbeddedXml(source=Path(path).name, einvoice=read_xml(data), bare=True)
    except XmlUnreadable as exc:
        return EmbeddedXml(source=Path(path).name, problem=str(exc), bare=True)


@functools.cache
def _profiles() -> tuple[dict, ...]:
    path = Path(str(resources.files("invoice_lint.rules").joinpath("einvoice", "profiles.yaml")))
    return tuple(yaml.safe_load(path.read_text(encoding="utf-8"))["profiles"])


def profile_of(specification: str | None) -> dict | None:
    """The known profile a specification identifier (BT-24) names, or None."""
    if not specification:
        return None
    spec = specification.strip()
    for profile in _profiles():
        if (spec == profile["id"]) if profile.get("match", "exact") == "exact" else spec.startswith(profile["id"]):
            return profile
    return None


def looks_like_einvoice(path: Path) -> bool:
    """Whether an XML file's root element is a CII or UBL invoice (read up to the root only;
    a file that is not well-formed counts, so that its problem is reported)."""
    from lxml import etree

    from invoice_lint.einvoice.cii import CII_ROOTS
    from invoice_lint.einvoice.ubl import UBL_ROOTS

    try:
        for _event, element in etree.iterparse(str(path), events=("start",), resolve_entities=False,
                                               no_network=True, load_dtd=False, huge_tree=False):
            return local(element) in CII_ROOTS or local(element) in UBL_ROOTS
    except (etree.XMLSyntaxError, OSError):
        return True
    return True
