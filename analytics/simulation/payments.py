"""Ledgers and survey answers with known planted effects, for the demo, the tests and benchmarks.

A consultant's real data is a ledger of many invoices issued from a handful of templates, plus
survey answers from some clients.  This module makes such data with effects we know, so the
analysis can be checked against the truth:

* days to pay = base + client effect + sum of planted day effects + noise, rounded, at least 0
  (the effects are additive in days, so "paid 5 days sooner" is literally true);
* a share of clients are slow payers; some invoices are never paid and recent ones are still
  open at the as-of date (censored);
* survey scores: a base score of 1–4 per answer plus, for each planted score effect ``e``, a
  Bernoulli(``|e|``) step of one point, so the expected shift is exactly ``e`` (no clipping
  while one effect of each sign applies);
* comments in the client's language, drawn from recurring themes whose odds follow the traits.

Everything is vectorized numpy and driven by one seed.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np
import pandas as pd

LANGUAGES = ("en", "es", "sr", "de", "fr")
CHANNELS = ("paper", "email", "portal")
QUESTIONS = ("clarity", "satisfaction")

# Recurring comment themes, a few phrasings per language (Serbian in Latin script).
COMMENT_THEMES: dict[str, dict[str, tuple[str, ...]]] = {
    "unclear_due_date": {
        "en": ("I could not find the due date.", "When is payment due? The due date was unclear.",
               "Please print the due date clearly."),
        "es": ("No encontré la fecha de vencimiento.", "¿Cuándo vence el pago? La fecha de vencimiento no estaba clara.",
               "Indiquen claramente la fecha de vencimiento."),
        "sr": ("Nisam našao rok plaćanja.", "Rok plaćanja nije bio jasan na računu.",
               "Molim da jasno navedete datum dospeća i rok plaćanja."),
        "de": ("Ich konnte das Fälligkeitsdatum nicht finden.", "Wann ist die Zahlung fällig? Das Fälligkeitsdatum war unklar.",
               "Bitte das Fälligkeitsdatum deutlich angeben."),
        "fr": ("Je n'ai pas trouvé la date d'échéance.", "La date d'échéance n'était pas claire.",
               "Merci d'indiquer clairement la date d'échéance du paiement."),
    },
    "wanted_card": {
        "en": ("I wanted to pay by card but there was no option.", "Please add card payment or a payment link.",
               "A card payment link would make paying easier."),
        "es": ("Quería pagar con tarjeta y no había opción.", "Añadan pago con tarjeta o un enlace de pago.",
               "Un enlace de pago con tarjeta facilitaría el pago."),
        "sr": ("Želeo sam da platim karticom ali nije bilo opcije.", "Dodajte plaćanje karticom ili link za plaćanje.",
               "Link za plaćanje karticom bi olakšao plaćanje."),
        "de": ("Ich wollte mit Karte zahlen, aber das ging nicht.", "Bitte Kartenzahlung oder einen Zahlungslink anbieten.",
               "Ein Zahlungslink für Kartenzahlung wäre einfacher."),
        "fr": ("Je voulais payer par carte mais ce n'était pas possible.", "Ajoutez le paiement par carte ou un lien de paiement.",
               "Un lien de paiement par carte serait plus simple."),
    },
    "thanks_clear": {
        "en": ("Clear invoice, thank you!", "Thanks, everything was clear and easy to read.",
               "Very clear invoice, thanks for the service."),
        "es": ("Factura clara, ¡gracias!", "Gracias, todo estaba claro y fácil de leer.",
               "Factura muy clara, gracias por el servicio."),
        "sr": ("Jasan račun, hvala!", "Hvala, sve je bilo jasno i pregledno.",
               "Veoma jasan račun, hvala na usluzi."),
        "de": ("Klare Rechnung, vielen Dank!", "Danke, alles war klar und gut lesbar.",
               "Sehr übersichtliche Rechnung, danke für den Service."),
        "fr": ("Facture claire, merci !", "Merci, tout était clair et facile à lire.",
               "Facture très claire, merci pour le service."),
    },
    "wrong_vat": {
        "en": ("The VAT amount was wrong.", "Wrong VAT rate on the invoice, please correct it.",
               "VAT calculation looked incorrect."),
        "es": ("El importe del IVA era incorrecto.", "El tipo de IVA de la factura está mal, corríjanlo.",
               "El cálculo del IVA parecía incorrecto."),
        "sr": ("Iznos PDV-a je bio pogrešan.", "Pogrešna stopa PDV-a na računu, molim ispravku.",
               "Obračun PDV-a nije bio tačan."),
        "de": ("Der MwSt.-Betrag war falsch.", "Falscher MwSt.-Satz auf der Rechnung, bitte korrigieren.",
               "Die MwSt.-Berechnung schien fehlerhaft."),
        "fr": ("Le montant de TVA était faux.", "Taux de TVA erroné sur la facture, merci de corriger.",
               "Le calcul de la TVA semblait incorrect."),
    },
}


@dataclass
class Simulated:
    """Typed frames: ``ledger`` one row per invoice, ``survey`` one row per answer."""

    ledger: pd.DataFrame
    survey: pd.DataFrame
    as_of: date
    clients: pd.DataFrame
    truth: dict = field(default_factory=dict)


def random_traits(n: int, seed: int, shares: Mapping[str, float] | None = None,
                  channels: bool = True) -> pd.DataFrame:
    """Independent binary traits per invoice (and a delivery channel), as a randomized study would have."""
    rng = np.random.default_rng(seed)
    shares = dict(shares or {"has_payment_link": 0.45, "has_due_date": 0.75, "has_thank_you": 0.5,
                             "has_qr": 0.4, "formal_register": 0.5})
    frame = pd.DataFrame({name: rng.random(n) < share for name, share in shares.items()})
    if channels:
        frame["channel"] = rng.choice(CHANNELS, size=n, p=(0.3, 0.5, 0.2))
    return frame


def _effect_mask(traits: pd.DataFrame, key: str) -> np.ndarray:
    name, _, level = key.partition("=")
    if name not in traits.columns:
        raise KeyError(f"planted effect on {name!r}, which is not a trait column")
    values = traits[name]
    if level:
        return (values.astype(str) == level).to_numpy()
    return values.fillna(False).astype(bool).to_numpy()


def simulate_payments(
    invoice_traits: pd.DataFrame,
    *,
    seed: int = 0,
    n_clients: int = 60,
    start: date = date(2023, 7, 1),
    days: int = 730,
    day_effects: Mapping[str, float] | None = None,
    score_effects: Mapping[str, float] | None = None,
    base_days: float = 22.0,
    noise_sd: float = 7.0,
    slow_client_share: float = 0.2,
    slow_client_days: float = 15.0,
    never_paid_share: float = 0.03,
    survey_share: float = 0.3,
    comment_share: float = 0.5,
    default_terms: int = 30,
    client_traits: pd.DataFrame | None = None,
    client_delay: np.ndarray | None = None,
) -> Simulated:
    """Payments (and survey answers) for invoices whose traits are given, one row each.

    ``day_effects`` / ``score_effects`` map a boolean trait column (``"has_payment_link"``) or a
    level (``"channel=portal"``) to its planted effect in days / score points.
    ``client_traits`` (one row per client, in client order C000, C001, …) adds columns that every
    invoice of the client shares — a template variant assigned per client in an experiment —
    after the invoices are given their clients; effects may name those columns too.
    ``client_delay`` (days, one per client) replaces the drawn client speeds, e.g. with clients'
    speeds estimated from a real ledger (the random stream is the same either way).
    """
    rng = np.random.default_rng(seed)
    n = len(invoice_traits)
    traits = invoice_traits.reset_index(drop=True)
    day_effects = dict(day_effects or {})
    score_effects = dict(score_effects or {})

    client_ids = np.array([f"C{i:03d}" for i in range(n_clients)])
    slow = rng.random(n_clients) < slow_client_share
    drawn_delay = np.where(slow, slow_client_days, 0.0) + rng.normal(0, 2.0, n_clients)
    client_delay = drawn_delay if client_delay is None else np.asarray(client_delay, dtype=float)
    client_language = rng.choice(LANGUAGES, size=n_clients)
    client_mood = rng.normal(0, 0.3, n_clients)
    weights = rng.gamma(2.0, 1.0, n_clients)
    client = rng.choice(n_clients, size=n, p=weights / weights.sum())
    if client_traits is not None:
        if len(client_traits) != n_clients:
            raise ValueError(f"client_traits has {len(client_traits)} rows for {n_clients} clients")
        shared = client_traits.reset_index(drop=True).iloc[client].reset_index(drop=True)
        traits = pd.concat([traits, shared.drop(columns=[c for c in shared.columns if c in traits.columns])], axis=1)

    issue_offset = np.sort(rng.integers(0, days, size=n))
    as_of = start + timedelta(days=days)
    if "payment_terms_days" in traits.columns:
        terms = pd.to_numeric(traits["payment_terms_days"], errors="coerce").fillna(default_terms).to_numpy()
    else:
        terms = np.full(n, default_terms, dtype=float)
    latent = base_days + client_delay[client] + rng.normal(0, noise_sd, n)
    for key, effect in day_effects.items():
        latent = latent + effect * _effect_mask(traits, key)
    to_pay = np.maximum(0, np.round(latent)).astype(np.int64)
    never = rng.random(n) < never_paid_share
    paid_offset = issue_offset + to_pay
    paid = ~never & (paid_offset <= days)

    base = np.datetime64(start.isoformat(), "D")
    amount_cents = np.round(np.exp(rng.normal(np.log(800), 0.8, n)) * 100).astype(np.int64)
    ledger = pd.DataFrame({
        "invoice_number": [f"LG-{start.year + int(o) // 365}-{i + 1:05d}" for i, o in enumerate(issue_offset)],
        "client": client_ids[client],
        "issue_date": (base + issue_offset).astype("datetime64[ns]"),
        "due_date": (base + issue_offset + terms.astype(np.int64)).astype("datetime64[ns]"),
        "paid_date": pd.Series((base + paid_offset).astype("datetime64[ns]")).where(paid),
        "amount_cents": amount_cents,
    })
    ledger = pd.concat([ledger, traits], axis=1)

    answered = rng.random(n) < survey_share
    rows = np.flatnonzero(answered)
    survey_parts = []
    for question in QUESTIONS:
        k = len(rows)
        score = np.clip(np.round(2.8 + client_mood[client[rows]] + rng.normal(0, 0.9, k)), 1, 4)
        for key, effect in score_effects.items():
            step = (rng.random(k) < abs(effect)) & _effect_mask(traits, key)[rows]
            score = score + np.sign(effect) * step
        survey_parts.append(pd.DataFrame({
            "row": rows, "question": question, "score": np.clip(score, 1, 5).astype(np.int64),
        }))
    survey = pd.concat(survey_parts, ignore_index=True).sort_values(["row", "question"], kind="stable")
    survey = survey.reset_index(drop=True)
    survey["invoice_number"] = ledger["invoice_number"].to_numpy()[survey["row"]]
    survey["client"] = ledger["client"].to_numpy()[survey["row"]]
    answer_delay = pd.Series(rng.integers(3, 21, n), dtype="int64")
    survey["date"] = ledger["issue_date"].to_numpy()[survey["row"]] + pd.to_timedelta(
        answer_delay.to_numpy()[survey["row"]], unit="D")
    survey["language"] = client_language[client[survey["row"]]]
    survey["comment"] = _comments(traits, survey, rng, comment_share)
    truth = {"day_effects": day_effects, "score_effects": score_effects,
             "slow_clients": client_ids[slow].tolist()}
    clients = pd.DataFrame({"client": client_ids, "slow": slow, "language": client_language})
    return Simulated(ledger=ledger, survey=survey, as_of=as_of, clients=clients, truth=truth)


def _trait_or(traits: pd.DataFrame, name: str, default: bool) -> np.ndarray:
    if name not in traits.columns:
        return np.full(len(traits), default)
    return traits[name].fillna(default).astype(bool).to_numpy()


def _comments(traits: pd.DataFrame, survey: pd.DataFrame, rng: np.random.Generator, share: float) -> list[str]:
    """One comment per answered invoice (on its first question), themes weighted by the traits."""
    first = ~survey["row"].duplicated().to_numpy()
    rows = survey["row"].to_numpy()
    due = _trait_or(traits, "has_due_date", True)[rows]
    link = _trait_or(traits, "has_payment_link", True)[rows]
    thanks = _trait_or(traits, "has_thank_you", False)[rows]
    weights = np.column_stack([
        np.where(due, 0.3, 3.0), np.where(link, 0.3, 2.0), np.where(thanks, 2.0, 0.7), np.full(len(rows), 0.3),
    ])
    probabilities = weights / weights.sum(axis=1, keepdims=True)
    themes = list(COMMENT_THEMES)
    pick = (probabilities.cumsum(axis=1) > rng.random(len(rows))[:, None]).argmax(axis=1)
    variant = rng.integers(0, 3, len(rows))
    commented = first & (rng.random(len(rows)) < share)
    languages = survey["language"].to_numpy()
    return [COMMENT_THEMES[themes[t]][lang][v] if c else ""
            for t, lang, v, c in zip(pick, languages, variant, commented)]


def export_ledger(ledger: pd.DataFrame, date_format: str = "%Y-%m-%d", trait_columns: tuple[str, ...] = ()) -> pd.DataFrame:
    """The simulated ledger as an accounting export would write it: text columns, amounts with 2 decimals."""
    def dates(column: str) -> pd.Series:
        return ledger[column].dt.strftime(date_format).fillna("")

    cents = ledger["amount_cents"].to_numpy(dtype=np.int64)
    out = pd.DataFrame({
        "Invoice No": ledger["invoice_number"].astype(str),
        "Client": ledger["client"].astype(str),
        "Issue date": dates("issue_date"),
        "Due date": dates("due_date"),
        "Paid date": dates("paid_date"),
        "Amount": [f"{c // 100}.{c % 100:02d}" for c in cents],
    })
    for column in trait_columns:
        values = ledger[column]
        out[column] = values.map(lambda v: "" if pd.isna(v) else ("yes" if v is True or v is np.True_ else
                                                                    "no" if v is False or v is np.False_ else str(v)))
    return out


def export_survey(survey: pd.DataFrame, by_client_share: float = 0.0, seed: int = 0,
                  date_format: str = "%Y-%m-%d") -> pd.DataFrame:
    """Survey answers as a survey tool exports them; a share identified by client and date only."""
    rng = np.random.default_rng(seed)
    rows = survey["row"].to_numpy()
    by_client = (rng.random(int(rows.max()) + 1 if len(rows) else 0) < by_client_share)[rows] if len(rows) else rows
    return pd.DataFrame({
        "Invoice": np.where(by_client, "", survey["invoice_number"].astype(str)),
        "Client": survey["client"].astype(str).to_numpy(),
        "Date": survey["date"].dt.strftime(date_format).to_numpy(),
        "Question": survey["question"].to_numpy(),
        "Score": survey["score"].astype(str).to_numpy(),
        "Comment": survey["comment"].to_numpy(),
        "Language": survey["language"].to_numpy(),
    })
