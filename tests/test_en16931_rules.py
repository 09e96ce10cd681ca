"""EN 16931 business rules on the XML (issue #15, part 3): each rule's text turned into one invoice
that meets it and one that breaks it, on a real CII document (built by tests/invoices.py); and the corpus: the
planted cases of facturx-cas-limites are reported under their official ids."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import require_shared
from invoice_lint.checks.en16931 import check
from invoice_lint.checks.engine import check_invoices, load_rules
from invoice_lint.einvoice import EmbeddedXml, embedded_xml, read_xml
from invoice_lint.foundation.model import Document, ExtractedInvoice, InvoiceFields
from invoices import cii
from invoices import cii_charge as _charge
from invoices import cii_line as _line
from invoices import cii_tax as _tax

RULES = load_rules()


def _findings(code: str, data: bytes):
    invoice = ExtractedInvoice(document=Document(path=Path("x.xml"), pages=[]), fields=InvoiceFields(),
                               xml=EmbeddedXml(source="x.xml", einvoice=read_xml(data), bare=True))
    return check(RULES.lookup(code), invoice)


def test_the_consistent_invoice_breaks_no_rule():
    hits = {r.code: _findings(r.code, cii()) for r in RULES.catalogue if r.kind == "en16931" and "core" in r.packs}
    assert not {code: [f.message for f in fs] for code, fs in hits.items() if fs}


# (code, official id, the change that breaks the rule's text)
BROKEN = [
    ("EN001", "BR-01", dict(spec=None)),  # An Invoice shall have a Specification identifier (BT-24)
    ("EN002", "BR-02", dict(number=None)),  # ... an Invoice number (BT-1)
    ("EN003", "BR-03", dict(issue=None)),  # ... an Invoice issue date (BT-2)
    ("EN003", "BR-03", dict(issue="2026-08-15")),  # (one that cannot be read is not there)
    ("EN004", "BR-04", dict(type_code=None)),  # ... an Invoice type code (BT-3)
    ("EN005", "BR-05", dict(currency=None)),  # ... an Invoice currency code (BT-5)
    ("EN006", "BR-06", dict(seller=None)),  # ... the Seller name (BT-27)
    ("EN007", "BR-07", dict(buyer=None)),  # ... the Buyer name (BT-44)
    ("EN008", "BR-08", dict(seller_country=None)),  # ... the Seller postal address (BG-5)
    ("EN009", "BR-09", dict(seller_country="")),  # The Seller postal address shall contain a country code
    ("EN010", "BR-10", dict(buyer_country=None)),  # ... the Buyer postal address (BG-8)
    ("EN011", "BR-11", dict(buyer_country="")),  # The Buyer postal address shall contain a country code
    ("EN012", "BR-12", dict(line_total=None)),  # ... the Sum of Invoice line net amount (BT-106)
    ("EN013", "BR-13", dict(basis=None)),  # ... the Invoice total amount without VAT (BT-109)
    ("EN014", "BR-14", dict(grand=None)),  # ... the Invoice total amount with VAT (BT-112)
    ("EN015", "BR-15", dict(due=None)),  # ... the Amount due for payment (BT-115)
    ("EN016", "BR-16", dict(lines="")),  # ... at least one Invoice line (BG-25)
    ("EN110", "BR-CO-10", dict(line_total="2525.00")),  # BT-106 = Σ BT-131
    ("EN111", "BR-CO-11", dict(allowance_total="5.00")),  # BT-107 = Σ BT-92
    ("EN112", "BR-CO-12", dict(charge_total="0.00")),  # BT-108 = Σ BT-99
    ("EN113", "BR-CO-13", dict(basis="2545.00")),  # BT-109 = Σ BT-131 − BT-107 + BT-108
    ("EN114", "BR-CO-14", dict(tax="500.00")),  # BT-110 = Σ BT-117
    ("EN115", "BR-CO-15", dict(grand="3000.00")),  # BT-112 = BT-109 + BT-110
    ("EN116", "BR-CO-16", dict(due="3042.00")),  # BT-115 = BT-112 − BT-113 + BT-114
    ("EN117", "BR-CO-17", dict(taxes=_tax("2535.00", "500.00"))),  # BT-117 = BT-116 × BT-119 / 100
    ("EN202", "BR-S-02", dict(vat=None)),  # S invoice: seller VAT id, tax registration or representative
    ("EN205", "BR-S-05", dict(lines=_line("1", "2400.00", rate="0") + _line("2", "135.00"))),  # S rate > 0
    ("EN208", "BR-S-08", dict(taxes=_tax("2500.00", "500.00"))),  # S base = Σ S lines + charges − allowances
    ("EN209", "BR-S-09", dict(taxes=_tax("2535.00", "500.00"))),  # S tax = base × rate
    ("EN302", "BR-Z-02", dict(vat=None, lines=_line("1", "2535.00", "Z", "0"), taxes=_tax("2535.00", "0", "Z", "0"),
                              charges="")),
    ("EN305", "BR-Z-05", dict(lines=_line("1", "2535.00", "Z", "7"))),  # Z line rate = 0
    ("EN308", "BR-Z-08", dict(lines=_line("1", "2535.00", "Z", "0"), taxes=_tax("2500.00", "0", "Z", "0"),
                              charges="")),
    ("EN309", "BR-Z-09", dict(taxes=_tax("2535.00", "35.00", "Z", "0"))),  # Z tax amount = 0
    ("EN310", "BR-Z-10", dict(taxes=_tax("2535.00", "0", "Z", "0", reason="Exonération"))),  # Z: no reason
    ("EN402", "BR-E-02", dict(vat=None, lines=_line("1", "2535.00", "E", "0"), taxes=_tax("2535.00", "0", "E", "0",
                                                                                             reason="Art. 261"),
                              charges="")),
    ("EN405", "BR-E-05", dict(lines=_line("1", "2535.00", "E", "20"))),  # E line rate = 0
    ("EN408", "BR-E-08", dict(lines=_line("1", "2535.00", "E", "0"), taxes=_tax("2500.00", "0", "E", "0",
                                                                              reason="Art. 261"), charges="")),
    ("EN409", "BR-E-09", dict(taxes=_tax("2535.00", "12.00", "E", "0", reason="Art. 261"))),  # E tax = 0
    ("EN410", "BR-E-10", dict(taxes=_tax("2535.00", "0", "E", "0"))),  # E needs BT-120 or BT-121
    # The allowed maximum number of decimals for ... is 2
    ("EN509", "BR-DEC-09", dict(line_total="2535.000")),
    ("EN512", "BR-DEC-12", dict(basis="2535.001")),
    ("EN513", "BR-DEC-13", dict(tax="507.000")),
    ("EN514", "BR-DEC-14", dict(grand="3042.000")),
    ("EN518", "BR-DEC-18", dict(due="3000.000")),
    ("EN519", "BR-DEC-19", dict(taxes=_tax("2535.000", "507.00"))),
    ("EN520", "BR-DEC-20", dict(taxes=_tax("2535.00", "507.000"))),
    ("EN523", "BR-DEC-23", dict(lines=_line("1", "2400.004") + _line("2", "135.00"))),
]


@pytest.mark.parametrize("code, official, change", BROKEN, ids=[f"{c[1]}-{i}" for i, c in enumerate(BROKEN)])
def test_each_rule_fires_on_the_invoice_that_breaks_its_text(code, official, change):
    found = _findings(code, cii(**change))
    assert found, f"{official} not reported"
    assert all(f.code == code and f.rule == official.lower() and f.message.startswith(f"[{official}]")
               for f in found)
    assert _findings(code, cii()) == []


def test_every_en16931_rule_has_a_breaking_case():
    assert {r.code for r in RULES.catalogue if r.kind == "en16931" and "core" in r.packs} == {c for c, _o, _ch in BROKEN}


def test_vat_base_adds_charges_and_subtracts_allowances():
    # the consistent invoice's charge and allowance cancel out, so a sign error there would not show
    assert _findings("EN208", cii(charges=_charge("10.00"), taxes=_tax("2545.00", "509.00"))) == []
    assert _findings("EN208", cii(charges=_charge("10.00", charge=False), taxes=_tax("2525.00", "505.00"))) == []
    assert len(_findings("EN208", cii(charges=_charge("10.00"), taxes=_tax("2525.00", "505.00")))) == 1


def test_a_calculation_names_both_figures_and_the_xml_path():
    [f] = _findings("EN115", cii(grand="3000.00"))
    assert f.message.startswith("[BR-CO-15] Invoice total amount with VAT (BT-112) = Invoice total amount without "
                                "VAT (BT-109) + Invoice total VAT amount (BT-110): that is 3042.00, the XML says "
                                "3000.00 (/rsm:CrossIndustryInvoice/")
    assert f.snippet.endswith("ram:GrandTotalAmount")


def test_extended_sub_lines_are_summed_once_and_rated_by_their_details():
    # a GROUP line of 216.00 (rate 0 on the group) holding DETAIL lines at 7% and 19%
    lines = (_line("1", "216.00", rate="0.00", status="GROUP") + _line("1.1", "180.00", rate="7.00", parent="1",
                                                                        status="DETAIL")
             + _line("1.2", "36.00", rate="19.00", parent="1", status="DETAIL"))
    data = cii(lines=lines, taxes=_tax("180.00", "12.60", rate="7.00") + _tax("36.00", "6.84", rate="19.00"),
               charges="", line_total="216.00", charge_total=None, allowance_total=None, basis="216.00", tax="19.44",
               grand="235.44", paid=None, due="235.44")
    for code in ("EN110", "EN113", "EN114", "EN205", "EN208"):
        assert _findings(code, data) == [], code


def test_minimum_profile_is_not_held_to_line_rules():
    data = cii(spec="urn:factur-x.eu:1p0:minimum", lines="", line_total=None)
    assert _findings("EN016", data) == [] and _findings("EN012", data) == []
    assert _findings("EN016", cii(lines="")) != []


def test_the_planted_cases_and_the_consistent_corpus():
    corpus = require_shared()
    cas = corpus / "public-samples/VALENTINDML+facturx-cas-limites/cas"
    invoices = []
    for pdf in sorted(cas.rglob("*.pdf")):
        invoices.append(ExtractedInvoice(document=Document(path=pdf, pages=[]), fields=InvoiceFields(),
                                         xml=embedded_xml(pdf)))
    got = sorted((Path(f.path).parent.name, f.rule) for f in check_invoices(invoices, ruleset=RULES)
                 if f.code.startswith("EN"))
    assert got == [("CALC-001", "br-co-15"), ("CALC-001", "br-co-16"),  # GrandTotal 3000.00 of 2535.00 + 507.00
                   ("CALC-004", "br-co-10"), ("CALC-004", "br-co-13"), ("CALC-004", "br-dec-23"),  # line 100.005
                   ("CALC-004", "br-s-08"),
                   ("CALC-006", "br-e-10"),  # exempt without a reason
                   ("DATA-001", "br-03")]  # issue date unreadable


@pytest.mark.parametrize("options, problem", [
    ("{check: presence, rule: BR-02, terms: [BT-999]}", "options.terms[0]: unknown business term 'BT-999'"),
    ("{check: presence, rule: BR-2, terms: [BT-1]}", "options.rule: 'BR-2' is not an EN 16931 rule id"),
    ("{check: calculation, rule: BR-CO-15, total: BT-112, terms: [sum(BT-1)]}", "unknown summable business term"),
    ("{check: vat_amount, rule: BR-CO-17, categories: [X]}", "unknown VAT category 'X'"),
    ("{check: line_rate, rule: BR-S-05, categories: [S]}", "options.rate: must be one of positive, zero"),
    ("{check: page_xml, rule: BR-01}", "unknown en16931 check 'page_xml'"),
])
def test_en16931_rule_options_are_checked_when_the_pack_loads(tmp_path, options, problem):
    from invoice_lint.checks.rules import load_catalogue
    from invoice_lint.foundation.errors import ConfigError

    pack = tmp_path / "house"
    pack.mkdir()
    (pack / "rules.yaml").write_text(f"rules:\n  - code: HSE001\n    name: house-rule\n    kind: en16931\n"
                                     f"    severity: error\n    options: {options}\n    message: m\n"
                                     f"    rationale: r\n    basis: b\n")
    with pytest.raises(ConfigError, match=re.escape(problem)):
        load_catalogue((tmp_path,))
