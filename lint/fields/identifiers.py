"""Bank and tax identifiers printed on invoices: found in text, compacted and checked.

Every check digit rule comes from python-stdnum (IBAN, EU VAT per country, ES NIF/CIF/NIE,
GB VAT, RS PIB, ISO 7064 mod 97-10 for Serbian accounts, Luhn for cards); this module only
finds the printed forms.  stdnum is imported on first use.

Kinds
-----
``iban``, ``eu_vat`` (country-prefixed EU VAT id, ``EL`` for Greece, ``XI`` Northern
Ireland), ``gb_vat``, ``es_nif`` (DNI/NIE/CIF without prefix), ``rs_pib``, ``rs_account``
(Serbian domestic account ``bbb-n…n-kk``) and ``card``.

Rules worth knowing
-------------------
* An IBAN candidate is a country code with an IBAN format in stdnum's registry and two
  check digits, then either the rest glued on (``NL50INGB0683251309``) or groups of
  capitals/digits after single spaces (``FR76 10107 00245 00617052317 39``), taken up to the
  country's IBAN length, so a following ``BIC`` is not swallowed and ``FO10479674 10577874``
  (an id, then another number) is no Faroese IBAN.  A candidate with mask characters (``*``, ``•``,
  ``●``, ``x``, ``XXX``) is reported ``masked=True, valid=None``; a full-length one with a
  wrong checksum ``valid=False``.
* A VAT candidate with a country prefix is reported when stdnum accepts it, or when only
  its check digits are wrong (``valid=False``), or, with ``labelled=True``, whatever its
  format.  Spaced forms (``FR 11 123 456 782``, ``DE 232 446 240``) are read by trying the
  longest run of groups first.
* Spanish NIF/CIF/NIE without a prefix are reported when valid (or labelled).
* A Serbian PIB is nine bare digits, so it is only taken when labelled: by an inline
  ``PIB``/``ПИБ`` before it, or by the caller (``labelled=True``).  Caller-labelled nine-digit
  numbers count as PIB when their check digit is right (or always with ``country="RS"``).
* Serbian accounts: bank (3) - account (up to 13, left-padded with zeros) - control (2);
  the control pair makes the 18 digits valid under ISO 7064 mod 97-10, i.e. it equals
  98 − (bank+account × 100 mod 97).
* Cards (EN 16931 BR-51): ``masked_ok`` is True when no digit is visible outside the first
  six and the last four positions.  Unmasked digit runs are reported only when they pass
  Luhn and (if printed without separators) start like a card (3-6).
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from invoice_lint.foundation.memo import line_memo
from invoice_lint.foundation.text import literal_alternation

__all__ = [
    "IdMatch", "find_ibans", "validate_iban", "compact_iban", "find_vat_ids", "validate_tax_id",
    "find_rs_accounts", "normalize_rs_account", "validate_rs_account", "find_card_numbers", "DIGIT_GROUPS",
]

# a national number printed in groups of digits between single spaces, after its label: a tax
# number ("Steuernummer: 013 122 13335", Hessen's form), a bank account ("Account Number: 1123
# 4567 2345 8765"); never a run inside a word, a decimal or a date
DIGIT_GROUPS = re.compile(r"(?<![\w./,])\d{2,5}(?: \d{2,5}){1,3}(?![\w.,/-])")


@dataclass(frozen=True)
class IdMatch:
    """One identifier found in a text."""

    value: str  # compact form (masked characters kept as '*')
    start: int
    end: int
    text: str
    kind: str  # iban | eu_vat | gb_vat | es_nif | rs_pib | rs_account | card
    valid: bool | None  # None when it cannot be checked (masked)
    masked: bool = False
    masked_ok: bool | None = None  # cards only: masked as BR-51 requires


_MASKED_GROUP = re.compile(r"[*•●x]|XXX")


def _is_masked(s: str) -> bool:
    return bool(_MASKED_GROUP.search(s))


def _mask_to_star(s: str) -> str:
    return re.sub(r"[•●xX#]", "*", s) if _is_masked(s) else s


# --- IBAN ----------------------------------------------------------------------------------

_IBAN = re.compile(
    r"(?<![A-Za-z0-9])(?P<cc>[A-Z]{2})(?P<check>\d{2})"
    r"(?P<rest>[A-Z0-9*•●x]*(?:[ \u00a0][A-Z0-9*•●x]+)*)"
)
_STRUCT = re.compile(r"(\d+)!?[nac]")


@functools.lru_cache(maxsize=128)
def _iban_length(cc: str) -> int | None:
    from stdnum import numdb

    info = numdb.get("iban").info(cc)
    structure = info[0][1].get("bban") if info and info[0][1] else None
    if not structure:
        return None
    return 4 + sum(int(n) for n in _STRUCT.findall(structure))


def validate_iban(s: str) -> bool:
    """True when ``s`` (spaces allowed) is an IBAN with a right checksum and national format."""
    from stdnum import iban

    return iban.is_valid(s)


def compact_iban(s: str) -> str:
    """The IBAN without spaces, upper-case."""
    from stdnum import iban

    return iban.compact(s)


# a country code and check digits: in every text find_ibans finds an IBAN in, so a reader may ask
# only the lines it finds something in (``Context.iban_lines``)
IBAN_HINT = re.compile(r"[A-Z]{2}\d\d")


def find_ibans(text: str) -> list[IdMatch]:
    """IBANs in a text, including masked ones (``FR76 *****``, reported masked, not invalid)."""
    return list(_ibans_in(text))


@line_memo()
def _ibans_in(text: str) -> tuple[IdMatch, ...]:
    # remembered, like amounts._scan_line: the IBAN finder reads every line of every page, and
    # an issuer's lines come again on each of its invoices; the matches are frozen
    out: list[IdMatch] = []
    for m in _IBAN.finditer(text):
        length = _iban_length(m.group("cc"))
        if length is None:
            continue
        head = m.group("cc") + m.group("check")
        pieces = re.split(r"([ \u00a0])", m.group("rest"))
        compact = head
        end = m.end("check")
        masked = False
        if pieces[0]:
            pieces = pieces[:1]  # a glued head ("NL50INGB0683...") is the whole IBAN
        for i in range(0, len(pieces), 2):
            piece = pieces[i]
            if not piece:
                if i:
                    break
                continue
            piece_masked = _is_masked(piece)
            if len(compact) >= length and not (masked and piece_masked):
                break
            if len(compact) + len(piece) > length and not (piece_masked or masked):
                compact = ""  # a group runs past the country's length: not an IBAN
                break
            compact += piece
            masked = masked or piece_masked
            end = m.start("rest") + sum(len(p) for p in pieces[:i + 1])
        if not compact:
            continue
        if masked:
            out.append(IdMatch(_mask_to_star(compact), m.start(), end, text[m.start():end], "iban", None, True))
        elif len(compact) == length:
            out.append(IdMatch(compact, m.start(), end, text[m.start():end], "iban", validate_iban(compact)))
    return tuple(out)


# --- VAT and national tax ids --------------------------------------------------------------

@functools.lru_cache(maxsize=1)
def _vat_re() -> re.Pattern[str]:
    from stdnum.eu.vat import MEMBER_STATES

    prefixes = sorted({"EL" if cc == "gr" else cc.upper() for cc in MEMBER_STATES} | {"GB"})
    return re.compile(
        r"(?<![A-Za-z0-9])(?P<cc>" + "|".join(prefixes) + r")(?P<sep>[ .\-]?)"
        r"(?P<body>[0-9A-Z]+(?![a-z])(?:[ .\-][0-9A-Z]+(?![a-z]))*)"
    )


# the whole printed id: "J-30123456-7" (a Venezuelan RIF) holds no CIF "J-30123456" before a "-7"
_ES_NIF = re.compile(
    r"(?<![A-Za-z0-9])(?:[A-HJNP-SUVW]-?\d{7}-?[0-9A-J]|\d{8}-?[A-Z]|[XYZ]-?\d{7}-?[A-Z])(?![A-Za-z0-9]|-\d)"
)
_PIB_LABELLED = re.compile(r"(?<!\w)(?:PIB|ПИБ)\b\s*(?:br\.?|бр\.?|broj|број)?\s*[:.#]?\s*(?P<n>\d{9})(?!\d)",
                           re.IGNORECASE)
_NINE_DIGITS = re.compile(r"(?<![\d\w])\d{9}(?![\d\w])")


@functools.cache
def id_scheme(name: str):
    """The python-stdnum module of an id scheme a lexicon names ("ar.cuit", "ve.rif": checked when
    the lexicon is loaded), imported once; None when it cannot be imported."""
    import importlib

    try:
        return importlib.import_module(f"stdnum.{name}")
    except ImportError:
        return None


def valid_in(scheme: str, value: str | None) -> bool:
    """Is ``value`` a valid id of the scheme (``id_scheme``)?"""
    return bool(value) and _valid_in(scheme, str(value))


@line_memo()
def _valid_in(scheme: str, value: str) -> bool:
    """``valid_in`` of a value printed: remembered, as the seller's id comes again on each of its
    invoices and the currency finders ask every scheme of the lexicon about it."""
    module = id_scheme(scheme)
    return module is not None and bool(module.is_valid(value))


def _vat_module(kind: str):
    from stdnum.eu import vat as eu_vat
    from stdnum.gb import vat as gb_vat

    return gb_vat if kind == "gb_vat" else eu_vat


def _check(module, value: str) -> str:
    """'valid', 'checksum' (only the check digits are wrong) or 'invalid'."""
    from stdnum.exceptions import InvalidChecksum, ValidationError

    try:
        module.validate(value)
        return "valid"
    except InvalidChecksum:
        return "checksum"
    except ValidationError:
        return "invalid"


def _vat_candidates(text: str, labelled: bool) -> list[IdMatch]:
    out = []
    for m in _vat_re().finditer(text):
        cc = m.group("cc")
        kind = "gb_vat" if cc == "GB" else "eu_vat"
        module = _vat_module(kind)
        parts = re.split(r"([ .\-])", m.group("body"))
        found = None
        checksum_only = None
        for n in range(len(parts), 0, -2):
            body = "".join(parts[:n:2])
            if not any(c.isdigit() for c in body):
                continue
            state = _check(module, cc + body)
            end = m.start("body") + len("".join(parts[:n]))
            if state == "valid":
                found = (cc + body, end, True)
                break
            if state == "checksum" and checksum_only is None:
                checksum_only = (cc + body, end, False)
        if found is None:
            found = checksum_only
        if found is None and labelled and any(c.isdigit() for c in parts[0]):
            found = (cc + parts[0], m.start("body") + len(parts[0]), False)
        if found is None:
            continue
        raw, end, valid = found
        value = module.compact(raw) if valid else raw
        if kind == "eu_vat" and not value.startswith(cc):
            value = cc + value
        if kind == "gb_vat" and not value.startswith("GB"):
            value = "GB" + value
        out.append(IdMatch(value, m.start(), end, text[m.start():end], kind, valid))
    return out


# id kinds whose prefix and check digits make them ids without a label ("DE123456789", "CHE-…")
SELF_EVIDENT_KINDS = ("eu_vat", "gb_vat", "ch_uid")

# the Swiss enterprise number (UID), which with "MWST" / "TVA" / "IVA" after it is the VAT number:
# "CHE-123.456.789 MWST"; its prefix and check digit make it an id without a label
_CH_UID = re.compile(r"(?<![\w.])CHE[-\s]?\d{3}[.\s]?\d{3}[.\s]?\d{3}(?!\d)(?:\s?(?:MWST|TVA|IVA|VAT)\b)?")


def _ch_uid_candidates(text: str) -> list[IdMatch]:
    if "CHE" not in text:
        return []
    from stdnum.ch import uid

    out = []
    for m in _CH_UID.finditer(text):
        digits = re.sub(r"\D", "", m.group(0))
        value = "CHE" + digits
        if uid.is_valid(value):
            out.append(IdMatch(uid.format(value), m.start(), m.end(), m.group(0), "ch_uid", True))
    return out


def _nif_candidates(text: str, labelled: bool) -> list[IdMatch]:
    from stdnum.es import nif

    out = []
    for m in _ES_NIF.finditer(text):
        value = nif.compact(m.group(0))
        valid = nif.is_valid(value)
        if valid or labelled:
            out.append(IdMatch(value, m.start(), m.end(), m.group(0), "es_nif", valid))
    return out


def _pib_candidates(text: str, labelled: bool, country: str | None) -> list[IdMatch]:
    from stdnum.rs import pib

    out = []
    inline = set()
    for m in _PIB_LABELLED.finditer(text):
        value = m.group("n")
        inline.add(m.start("n"))
        out.append(IdMatch(value, m.start("n"), m.end("n"), value, "rs_pib", pib.is_valid(value)))
    if labelled and (country or "RS").upper() == "RS":
        for m in _NINE_DIGITS.finditer(text):
            if m.start() in inline:
                continue
            valid = pib.is_valid(m.group(0))
            if valid or country:
                out.append(IdMatch(m.group(0), m.start(), m.end(), m.group(0), "rs_pib", valid))
    return out


# a Canadian business number with its program account ("123456789 RT0001": the nine digits name
# the business, the program -- RT its GST/HST account -- and the account's reference number
# follow), as the Canada Revenue Agency writes it; one id, not a nine-digit id and a word
_CA_PROGRAM_ACCOUNT = re.compile(r"(?<![\d\w])\d{9} ?R[CMPRTZ] ?\d{4}(?![\d\w])")


def _ca_bn_candidates(text: str, labelled: bool) -> list[IdMatch]:
    from stdnum.ca import bn

    if not labelled:
        return []
    out = []
    for m in _CA_PROGRAM_ACCOUNT.finditer(text):
        value = bn.compact(m.group(0))
        if bn.is_valid(value):
            out.append(IdMatch(value, m.start(), m.end(), m.group(0), "ca_bn", True))
    return out


def _without_overlaps(matches: list[IdMatch], taken: list[tuple[int, int]]) -> list[IdMatch]:
    out: list[IdMatch] = []
    spans = list(taken)
    for m in sorted(matches, key=lambda x: (x.start, -(x.end - x.start))):
        if any(a < m.end and m.start < b for a, b in spans):
            continue
        out.append(m)
        spans.append((m.start, m.end))
    return sorted(out, key=lambda x: x.start)


@functools.lru_cache(maxsize=1)
def self_evident_hints() -> tuple[re.Pattern[str], ...]:
    """Patterns that find something in every text ``may_hold_self_evident_id`` holds true for
    (and in a few more): "CHE", and a VAT prefix before what may start an id's body, without
    the look back that the full pattern tries at every character.  Made once: every document's
    ``Context`` asks for them, and the prefixes they are made from do not change."""
    from stdnum.eu.vat import MEMBER_STATES

    prefixes = sorted({"EL" if cc == "gr" else cc.upper() for cc in MEMBER_STATES} | {"GB"})
    # the prefixes that start alike written once (literal_alternation: the same matches)
    return re.compile("CHE"), re.compile("(?:" + literal_alternation(prefixes) + r")[ .\-]?[0-9A-Z]")


def may_hold_self_evident_id(text: str) -> bool:
    """Could ``text`` hold an id of ``SELF_EVIDENT_KINDS`` (a prefixed VAT id, a Swiss UID)?  False
    only when ``find_vat_ids`` would surely find none of them: a quick test before the full search,
    for text that no label makes an id."""
    return "CHE" in text or _vat_re().search(text) is not None


def find_vat_ids(text: str, labelled: bool = False, country: str | None = None) -> list[IdMatch]:
    """Tax ids in a text: prefixed EU/GB VAT ids, Spanish NIF/CIF/NIE, Serbian PIB, a Canadian
    business number with its program account (labelled only).

    ``labelled``: the caller found a tax-id label for this text, so formats that are only
    ids by context (a nine-digit PIB, a malformed prefixed id) are reported too.
    ``country`` (ISO 3166 alpha-2) says which national id bare numbers are.
    IBAN digits are never taken for a tax id.
    """
    return list(_vat_ids_in(text, labelled, country))


@line_memo()
def _vat_ids_in(text: str, labelled: bool, country: str | None) -> tuple[IdMatch, ...]:
    # remembered like ``_ibans_in``: the seller's tax-id line comes again on each invoice
    if not text or not any(c.isdigit() for c in text):
        return ()
    ibans = [(m.start, m.end) for m in find_ibans(text)]
    found = _vat_candidates(text, labelled)
    found += _nif_candidates(text, labelled and (country or "ES").upper() == "ES")
    found += _pib_candidates(text, labelled, country)
    found += _ch_uid_candidates(text)
    found += _ca_bn_candidates(text, labelled)
    return tuple(_without_overlaps(found, ibans))


def validate_tax_id(value: str, kind_or_country: str) -> bool:
    """Check a tax id by kind (``eu_vat``, ``gb_vat``, ``es_nif``, ``rs_pib``, ``ca_bn``, ``iban``,
    ``rs_account``, ``card``) or by ISO country code (``FR``, ``EL``/``GR``, ``RS``...).

    Raises ValueError for a kind or country python-stdnum has no check for.
    """
    key = kind_or_country.strip()
    if key == "eu_vat":
        from stdnum.eu import vat

        return vat.is_valid(value)
    if key == "gb_vat":
        from stdnum.gb import vat as gb_vat

        return gb_vat.is_valid(value)
    if key == "es_nif":
        from stdnum.es import nif

        return nif.is_valid(value)
    if key == "ch_uid":
        from stdnum.ch import uid

        return uid.is_valid(value)
    if key == "rs_pib":
        from stdnum.rs import pib

        return pib.is_valid(value)
    if key == "ca_bn":
        from stdnum.ca import bn

        return bn.is_valid(value)
    if key == "iban":
        return validate_iban(value)
    if key == "rs_account":
        return validate_rs_account(value)
    if key == "card":
        from stdnum import luhn

        digits = re.sub(r"[ -]", "", value)
        return digits.isdigit() and 12 <= len(digits) <= 19 and luhn.is_valid(digits)
    if len(key) == 2 and key.isalpha():
        from stdnum.util import get_cc_module

        cc = {"el": "gr", "xi": "gb"}.get(key.lower(), key.lower())
        module = get_cc_module(cc, "vat")
        if module is None:
            raise ValueError(f"no tax id check for country {kind_or_country!r}")
        return module.is_valid(value)
    raise ValueError(f"unknown tax id kind {kind_or_country!r}")


# --- Serbian domestic accounts -------------------------------------------------------------

# (never inside a longer token: "79B0B373-3990-45FA-…", a CFDI's folio fiscal, holds no account)
_RS_ACCOUNT = re.compile(r"(?<![\w-])(?P<bank>\d{3})-(?P<account>\d{1,13})-(?P<control>\d{2})(?![\w-])")
# what every account ``find_rs_accounts`` finds has in it: a text without it holds none
RS_ACCOUNT_HINT = re.compile(r"-\d{1,13}-\d\d")
_RS_ACCOUNT_WHOLE = re.compile(r"\s*(\d{3})-?(\d{1,13})-?(\d{2})\s*")


def normalize_rs_account(s: str) -> str | None:
    """``bbb-nnnnnnnnnnnnn-kk`` with the account part left-padded to 13 digits, or None."""
    m = _RS_ACCOUNT_WHOLE.fullmatch(s or "")
    if not m:
        return None
    bank, account, control = m.groups()
    if "-" not in s and len(s.strip()) != 18:
        return None  # unhyphenated forms must be the full 18 digits
    return f"{bank}-{account.zfill(13)}-{control}"


def validate_rs_account(s: str) -> bool:
    """True when the control pair of a Serbian account is right (ISO 7064 mod 97-10)."""
    from stdnum.iso7064 import mod_97_10

    normal = normalize_rs_account(s)
    return normal is not None and mod_97_10.is_valid(normal.replace("-", ""))


def find_rs_accounts(text: str) -> list[IdMatch]:
    """Serbian domestic accounts printed ``bbb-n…n-kk``."""
    out = []
    for m in _RS_ACCOUNT.finditer(text):
        value = normalize_rs_account(m.group(0))
        if value:
            out.append(IdMatch(value, m.start(), m.end(), m.group(0), "rs_account", validate_rs_account(value)))
    return out


# --- payment cards -------------------------------------------------------------------------

_CARD = re.compile(r"(?<![\w*•●#])[\d*•●xX#]+(?:[ -][\d*•●xX#]+)*(?![\w*•●#])")
_CARD_MASK = re.compile(r"[*•●xX#]")


def plausible_card_start(digits: str) -> bool:
    length = len(digits)
    if digits[0] == "4":
        return length in (13, 16, 19)
    if digits[0] in "25":
        return length == 16
    if digits[:2] in ("34", "37"):
        return length == 15
    if digits[0] in "36":
        return 14 <= length <= 19
    return False


def find_card_numbers(text: str) -> list[IdMatch]:
    """Payment card numbers, masked or not; ``masked_ok`` tells whether BR-51 is met."""
    from stdnum import luhn

    out = []
    for m in _CARD.finditer(text):
        printed = m.group(0)
        positions = re.sub(r"[ -]", "", printed)
        if not any(c.isdigit() for c in positions):
            continue
        masks = len(_CARD_MASK.findall(positions))
        if masks:
            if len(positions) > 19:
                continue
            if len(positions) < 13 and not (masks >= 4 and positions[-4:].isdigit()
                                            and not any(c.isdigit() for c in positions[:-4])):
                continue  # a short form must read "**** 1234"
            visible = [i for i, c in enumerate(positions) if c.isdigit()]
            ok = all(i < 6 or i >= len(positions) - 4 for i in visible) if len(positions) >= 13 else True
            value = _CARD_MASK.sub("*", positions)
            out.append(IdMatch(value, m.start(), m.end(), printed, "card", None, True, ok))
            continue
        if not 13 <= len(positions) <= 19 or not luhn.is_valid(positions):
            continue
        if printed == positions and not plausible_card_start(positions):
            continue  # an order number that happens to pass Luhn
        out.append(IdMatch(positions, m.start(), m.end(), printed, "card", True, False, False))
    return out
