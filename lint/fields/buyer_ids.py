"""The buyer's identifier printed on the page: its SIREN, SIRET or VAT id (field ``buyer_tax_id``).

France's e-invoicing reform makes the client's SIREN a mandatory mention (CGI ann. II art. 242
nonies A as amended by décret n° 2022-1299), so the page must be read for it — and never confused
with the seller's own SIREN, which every French invoice prints too.  Two places count:

1. **A label that names the client**: "SIREN client", "SIRET du client", "N° TVA client",
   "TVA intracommunautaire de l'acheteur" ... (the lexicon's ``buyer_tax_id`` labels, and a SIREN,
   SIRET or VAT label followed or preceded by client/acheteur/destinataire), anywhere on the page.
2. **The buyer's block**: under a buyer heading of the lexicon ("Client", "Adresse du client",
   "Facturé à", "Acheteur" ...), the lines of the same column down to the next party or delivery
   heading (at most ``BLOCK_DEPTH`` points), a line labelled "SIREN", "SIRET", "N° TVA" or "TVA
   intracommunautaire" (the labels of the Factur-X samples of the FNFE-MPE and of Mustang's French
   viewer: "Numéro SIRET/SIREN", "Numéro de TVA intracommunautaire"), or by a tax-id label of the
   page's lexicon in any language ("USt-IdNr.", "NIF-IVA", "VAT ID", "Btw-nr.").

A value counts only when it is printed after its label (9 digits for a SIREN, 14 for a SIRET, a
VAT id that passes its check), is not the seller's (the same SIREN as the seller's id), and is alone of its kind
in the buyer's block: unsure is left absent.  A SIREN is preferred to a SIRET (whose first nine
digits are the SIREN), a SIRET to a VAT id.  The value is compacted ("987654321",
"FR05987654321").
"""
from __future__ import annotations

import re

from invoice_lint.fields import identifiers
from invoice_lint.fields.labels import LabelHit
from invoice_lint.foundation.model import Document, Field, InvoiceFields, Line, union_bbox

BLOCK_DEPTH = 220.0  # points below the buyer heading that still belong to its block
_CLIENT_WORDS = ("client", "acheteur", "destinataire", "preneur")
_CLIENT = "(?:" + "|".join(_CLIENT_WORDS) + ")"
_ID_LABEL = r"(?:siren|siret|n[°o]?\s*(?:de\s+)?tva(?:\s+intracommunautaire)?|num[ée]ro\s+(?:de\s+)?tva" \
            r"(?:\s+intracommunautaire)?|tva\s+intra(?:communautaire)?|identifiant\s+tva|tva)"
_ID_WORDS = ("siren", "siret", "tva")  # one of them is in every _ID_LABEL
# a label that names the client: "SIREN client", "N° TVA du client", "SIREN de l'acheteur", "Client SIREN"
_CLIENT_LABEL = re.compile(rf"\b{_ID_LABEL}\s*(?:du\s+|de\s+l['’]\s*|de\s+la\s+)?{_CLIENT}\b|\b{_CLIENT}\s*:?\s*{_ID_LABEL}\b")
_BLOCK_LABEL = re.compile(rf"(?:^|[\s:(]){_ID_LABEL}\b")
# where a block ends: another party's or the delivery's heading in the same column
_BLOCK_END = re.compile(r"^(?:livraison|adresse de livraison|livr[ée] [àa]|lieu de livraison|vendeur|fournisseur|"
                        r"[ée]metteur|nos r[ée]f[ée]rences|vos r[ée]f[ée]rences)\b")
_SIRET = re.compile(r"(?<![\dA-Z])(\d{3}\s?\d{3}\s?\d{3}\s?\d{5})(?!\d)")
_SIREN = re.compile(r"(?<![\dA-Z])(\d{3}\s?\d{3}\s?\d{3})(?![\d])")
_PREFERENCE = {"siren": 0, "siret": 1, "vat": 2}


def buyer_tax_id(document: Document, hits: list[LabelHit], fields: InvoiceFields, folded_text: str) -> Field | None:
    """The buyer's SIREN, SIRET or VAT id as printed on the page, or None when it is not found
    for sure.  ``folded_text``: the document's text folded (``Context.folded_text``)."""
    lines = document.lines  # (a new list on each read of Document.lines)
    seller = _seller_siren(fields)
    seller_id = re.sub(r"[\s.\-]", "", str(fields.value("seller_tax_id") or "")).upper()

    def not_the_sellers(c) -> bool:  # neither the seller's SIREN nor its id (a VAT id without a SIREN too)
        return (seller is None or c[1] != seller) and c[2] != seller_id

    found = [c for c in _labelled(document, lines, hits, folded_text) if not_the_sellers(c)]
    if not found:
        found = [c for c in _in_block(lines, hits) if not_the_sellers(c)]
    if not found:
        return None
    kinds: dict[str, set[str]] = {}
    for kind, _siren, value, _line, _text in found:
        kinds.setdefault(kind, set()).add(value)
    best = min(kinds, key=_PREFERENCE.__getitem__)
    if len(kinds[best]) != 1:
        return None  # two different ids of one kind: not sure which is the client's
    if len({c[1] for c in found if c[1]}) > 1:
        return None  # ids of two different companies
    kind, _siren, value, line, text = next(c for c in found if c[0] == best)
    words = [w for w in line.words if w.text and w.text in text] or line.words
    return Field(name="buyer_tax_id", value=value, page=line.page, bbox=union_bbox([w.bbox for w in words]),
                 text=text, line=line.number)


def _seller_siren(fields: InvoiceFields) -> str | None:
    seller = fields.value("seller_tax_id")
    return _siren_of(str(seller)) if seller else None


def _siren_of(value: str) -> str | None:
    compact = re.sub(r"[\s.\-]", "", value).upper()
    if compact.startswith("FR") and len(compact) == 13:
        return compact[4:]
    if compact.isdigit() and len(compact) in (9, 14):
        return compact[:9]
    return None


def _ids(text: str) -> list[tuple[str, str | None, str, str]]:
    """(kind, its SIREN, compact value, printed text) of every valid id in ``text``."""
    out = []
    taken: list[tuple[int, int]] = []
    for m in identifiers.find_vat_ids(text, labelled=True):
        compact = re.sub(r"[\s.\-]", "", m.value).upper()
        if m.kind == "eu_vat" and compact[:2].isalpha():
            out.append(("vat", _siren_of(compact), compact, m.text))
            start = text.find(m.text)
            if start >= 0:
                taken.append((start, start + len(m.text)))
    for kind, pattern in (("siret", _SIRET), ("siren", _SIREN)):
        for m in pattern.finditer(text):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            compact = m.group(1).replace(" ", "")
            # printed under its label, a number of the right length is the SIREN / SIRET even when its
            # Luhn key is wrong (the samples' "987 654 321"): whether it is valid is another rule's business
            out.append((kind, compact[:9], compact, m.group(1)))
            taken.append((m.start(), m.end()))
    return out


def _client_labels_may_be_printed(folded_text: str) -> bool:
    """Does the document's folded text hold a client word and an id word (``_CLIENT_WORDS``,
    ``_ID_WORDS``)?  Every label ``_CLIENT_LABEL`` finds holds both: without them no line is
    searched for one."""
    return any(w in folded_text for w in _CLIENT_WORDS) and any(w in folded_text for w in _ID_WORDS)


def _labelled(document: Document, lines: list[Line], hits: list[LabelHit], folded_text: str):
    """Ids after a label that names the client (on its line, or the next segment of its row)."""
    labelled: list[tuple[Line, int]] = []
    for line in lines if _client_labels_may_be_printed(folded_text) else ():
        folded = line.match_text  # the line's text folded (fold)
        m = _CLIENT_LABEL.search(folded)
        if m:
            labelled.append((line, _raw_offset(line.text, folded, m.end())))
    for hit in hits:
        if "buyer_tax_id" in hit.concepts:
            end = sum(len(w.text) + 1 for w in hit.line.words[: hit.last + 1])
            labelled.append((hit.line, min(end, len(hit.line.text))))
    out = []
    for line, end in labelled:
        rest = line.text[end:]
        found = _ids(rest)
        if not found and not any(c.isdigit() for c in rest):
            right = [s for s in document.rows[(line.page, line.row)] if s.x0 >= line.x1 - 1]  # left to right
            if right:
                line, found = right[0], _ids(right[0].text)
        out += [(kind, siren, value, line, text) for kind, siren, value, text in found[:1]]
    return out


def _raw_offset(raw: str, folded: str, folded_end: int) -> int:
    """``fold`` keeps one character per character for the Latin text it is used on here; fall back
    to the whole line when it did not."""
    return folded_end if len(raw) == len(folded) else 0


def _in_block(lines: list[Line], hits: list[LabelHit]):
    """Ids on labelled lines of the buyer's block (the column under a buyer heading)."""
    out = []
    hits_of: dict[int, list[LabelHit]] = {}  # by the line they are in, once a block is read
    for hit in hits:
        if "buyer" not in hit.concepts or len(hit.line.words) > 4 or any(c.isdigit() for c in hit.line.text):
            continue
        if not hits_of:
            for other in hits:
                hits_of.setdefault(id(other.line), []).append(other)
        head = hit.line
        head_top, head_x0 = head.top, head.x0
        column = sorted((line for line in lines if line.page == head.page and line.top > head_top + 1
                         and line.top - head_top <= BLOCK_DEPTH and -8 <= line.x0 - head_x0 <= 30),
                        key=lambda line: line.top)
        for line in column:
            folded = line.match_text  # the line's text folded (fold)
            line_hits = hits_of.get(id(line), ())
            if _BLOCK_END.match(folded) or any("seller" in h.concepts and h.at_start for h in line_hits):
                break
            # a French id label, or any tax-id label of the page's lexicon ("USt-IdNr.", "NIF-IVA", "VAT ID")
            m = _BLOCK_LABEL.search(folded)
            if not m and not any("tax_id" in h.concepts for h in line_hits):
                continue
            found = _ids(line.text[_raw_offset(line.text, folded, 0):])
            out += [(kind, siren, value, line, text) for kind, siren, value, text in found]
    return out


__all__ = ["buyer_tax_id"]
