"""Safe XML parsing and navigation by local names, shared by the CII and UBL readers.

The parser resolves no entities, loads no DTD and never touches the network; a document
with a DOCTYPE is refused outright (no CII or UBL invoice has one, and a DOCTYPE is how
entity-expansion and external-entity attacks arrive).  Navigation matches elements by local
name, so ZUGFeRD 1.0, CII D16B and UBL read the same whatever prefixes the file uses.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lxml import etree


MAX_XML_BYTES = 20 * 1024 * 1024  # an invoice XML is a few hundred kilobytes at most

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DIGITS8 = re.compile(r"^\d{8}$")
_AMOUNT = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")


class XmlUnreadable(Exception):
    """The bytes are not an XML document we may read; ``str(exc)`` is the reason, one line."""


def parse(data: bytes) -> etree._Element:
    from lxml import etree  # here, so that checking a PDF without XML never loads lxml

    if len(data) > MAX_XML_BYTES:
        raise XmlUnreadable(f"is too large for an invoice XML ({len(data) // (1024 * 1024)} MB)")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                             huge_tree=False, remove_comments=True, remove_pis=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        message = " ".join(str(exc.msg or exc).split())  # lxml's message ends with the line and column
        raise XmlUnreadable(f"is not well-formed XML ({message})") from None
    except ValueError as exc:  # e.g. an encoding declaration lxml refuses
        raise XmlUnreadable(f"is not well-formed XML ({exc})") from None
    if root.getroottree().docinfo.doctype:
        raise XmlUnreadable("declares a DOCTYPE, which an e-invoice never has (refused for safety)")
    return root


def local(el) -> str:
    from lxml import etree

    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def children(el, names: str) -> Iterator[etree._Element]:
    """Child elements whose local name is one of ``names`` ("A" or "A|B")."""
    wanted = names.split("|")
    for child in el.iterchildren():
        if isinstance(child.tag, str) and local(child) in wanted:
            yield child


def find(el, *steps: str):
    """The first element down the path of local names (each step may list alternatives "A|B")."""
    if el is None:
        return None
    if not steps:
        return el
    for child in children(el, steps[0]):
        hit = find(child, *steps[1:])
        if hit is not None:
            return hit
    return None


def find_all(el, *steps: str) -> list:
    if el is None:
        return []
    if not steps:
        return [el]
    out = []
    for child in children(el, steps[0]):
        out += find_all(child, *steps[1:])
    return out


def text(el) -> str | None:
    if el is None:
        return None
    value = " ".join("".join(el.itertext()).split())
    return value or None


def path_of(el) -> str:
    """/rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction/ram:...: prefixes as written,
    with a [n] index where siblings share the name."""
    parts = []
    while el is not None and isinstance(el.tag, str):
        name = f"{el.prefix}:{local(el)}" if el.prefix else local(el)
        parent = el.getparent()
        if parent is not None:
            same = [c for c in parent.iterchildren(el.tag)]
            if len(same) > 1:
                name += f"[{same.index(el) + 1}]"
        parts.append(name)
        el = parent
    return "/" + "/".join(reversed(parts))


def amount(raw: str | None) -> Decimal | None:
    """A decimal as XML writes it ("1234.56", "-3.5"); None when it is not one."""
    if raw is None:
        return None
    raw = raw.strip()
    if not _AMOUNT.match(raw):
        return None
    try:
        return Decimal(raw)
    except InvalidOperation:
        return None


def cii_date(raw: str | None, fmt: str | None) -> date | None:
    """A udt:DateTimeString: format 102 is YYYYMMDD (the only one EN 16931 allows for dates)."""
    if raw is None:
        return None
    raw = raw.strip()
    if (fmt or "102") == "102" and _DIGITS8.match(raw):
        try:
            return date(int(raw[:4]), int(raw[4:6]), int(raw[6:]))
        except ValueError:
            return None
    return None


def iso_date(raw: str | None) -> date | None:
    """An xs:date as UBL writes it (YYYY-MM-DD)."""
    if raw is None:
        return None
    raw = raw.strip()
    if not _ISO_DATE.match(raw):
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        return None


def compact_id(raw: str | None) -> str | None:
    """An identifier without spaces, dots or dashes, upper case (VAT ids, IBANs)."""
    if raw is None:
        return None
    value = "".join(ch for ch in raw if ch.isalnum()).upper()
    return value or None
