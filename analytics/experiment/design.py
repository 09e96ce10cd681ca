"""The experiment plan: who gets which template variant, decided once, with a recorded seed.

``plan_experiment`` randomises clients (cluster randomisation, the default: a client always sees
one style) or invoices to variants, optionally within strata (client size or past days to pay
from the ledger, or any column of the clients file), and fixes the analysis horizon in advance.
Within each stratum the assignment is complete randomisation: the variants' counts follow the
allocation exactly (largest remainder), and which unit gets which is a permutation drawn from
the seed.  Units are sorted by name first, so the same clients and seed give the same
assignment whatever the order of the file.

The plan is two files: the assignment table (CSV, one row per client or invoice — what you
send from) and ``<name>.plan.json`` beside it (variants, seed, dates, horizon, alpha, balance
and a checksum of the assignment table), which ``experiment analyze`` reads back.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path, PurePath

import numpy as np
import pandas as pd

from invoice_lint.analytics.columns import header_key, recognize_columns
from invoice_lint.analytics.ledger import LEDGER_FIELDS, REQUIRED_FIELDS, Ledger, clean_text, read_ledger
from invoice_lint.analytics.numbers import normalize_invoice_numbers
from invoice_lint.analytics.tables import read_table
from invoice_lint.foundation.errors import UserError

PLAN_SCHEMA_VERSION = 1
UNITS = ("client", "invoice")
HISTORY_STRATA = ("size", "days-to-pay")
DEFAULT_HORIZON_DAYS = 90
DEFAULT_DAYS = 182
ASSIGNMENT_FIELDS = {
    "client": LEDGER_FIELDS["client"],
    "variant": ("variant", "arm", "group", "treatment", "variante", "grupo", "varijanta", "gruppe", "groupe"),
    "invoice_number": LEDGER_FIELDS["invoice_number"],
    "stratum": ("stratum", "strata", "block", "estrato", "stratum name"),
}


@dataclass
class Variant:
    name: str
    template: str | None = None  # a template PDF this variant is sent from (``check`` shows its traits)

    @property
    def keys(self) -> set[str]:
        """What a ledger's template column may say for this variant: its name or its PDF's name."""
        keys = {header_key(self.name)}
        if self.template:
            keys |= {header_key(PurePath(self.template).stem), header_key(PurePath(self.template).name)}
        return keys


@dataclass
class Plan:
    variants: list[Variant]
    unit: str  # client | invoice
    seed: int
    start: date  # first issue date in the experiment
    end: date  # last issue date in the experiment
    horizon_days: int  # τ of the restricted mean; also the follow-up after ``end``
    alpha: float
    assignment: pd.DataFrame  # client, variant, stratum (+ invoice_number, invoice_key for unit=invoice)
    allocation: list[float] = field(default_factory=list)
    stratify: str | None = None
    strata: int = 1
    clients_source: str = ""
    payments_source: str | None = None
    balance: list[dict] = field(default_factory=list)
    sha256: str | None = None  # of the assignment file as written
    created: str = ""

    @property
    def control(self) -> str:
        return self.variants[0].name

    @property
    def analysis_date(self) -> date:
        """The fixed horizon: the last invoice has had ``horizon_days`` to be paid."""
        return self.end + timedelta(days=self.horizon_days)

    @property
    def comparisons(self) -> int:
        return max(1, len(self.variants) - 1)

    @property
    def alpha_per_comparison(self) -> float:
        """Bonferroni over the comparisons with the control (one comparison for two variants)."""
        return self.alpha / self.comparisons

    def to_dict(self) -> dict:
        from invoice_lint import __version__

        counts = self.assignment["variant"].value_counts()
        return {
            "schema_version": PLAN_SCHEMA_VERSION,
            "kind": "invoice-lint experiment plan",
            "tool": {"name": "invoice-lint", "version": __version__},
            "variants": [{"name": v.name, "template": v.template} for v in self.variants],
            "control": self.control,
            "unit": self.unit,
            "allocation": self.allocation,
            "seed": self.seed,
            "stratify": self.stratify,
            "strata": self.strata,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "horizon_days": self.horizon_days,
            "analysis_date": self.analysis_date.isoformat(),
            "alpha": self.alpha,
            "alpha_per_comparison": self.alpha_per_comparison,
            "peeking_guard": "fixed horizon: conclusions only from an analysis as of the analysis date or later",
            "units": int(len(self.assignment)),
            "units_per_variant": {v.name: int(counts.get(v.name, 0)) for v in self.variants},
            "clients_source": self.clients_source,
            "payments_source": self.payments_source,
            "balance": self.balance,
            "assignment_sha256": self.sha256,
            "created": self.created,
        }


def parse_variants(text: str, templates: list[str] | None = None) -> list[Variant]:
    """``A,B`` or ``A=plain.pdf,B=with-link.pdf``; the first variant is the control."""
    variants = []
    for part in [p.strip() for p in text.split(",") if p.strip()]:
        name, sep, template = part.partition("=")
        name = name.strip()
        if not name:
            raise UserError(f"--variants {text!r}: a variant has no name")
        variants.append(Variant(name, template.strip() or None if sep else None))
    names = [header_key(v.name) for v in variants]
    if len(variants) < 2:
        raise UserError(f"--variants {text!r}: name at least two variants, e.g. --variants A,B")
    if len(set(names)) != len(names):
        raise UserError(f"--variants {text!r}: two variants have the same name")
    for variant in variants:
        if variant.template and not Path(variant.template).is_file():
            raise UserError(f"--variants: template of {variant.name} {variant.template}: no such file")
    return variants


def parse_allocation(text: str | None, n: int) -> list[float]:
    if not text:
        return [1.0 / n] * n
    try:
        parts = [float(p) for p in text.split(",")]
    except ValueError:
        raise UserError(f"--allocation {text!r}: expected numbers such as 1,1 or 2,1") from None
    if len(parts) != n or any(not np.isfinite(p) or p <= 0 for p in parts):
        raise UserError(f"--allocation {text!r}: give one positive share per variant ({n})")
    total = sum(parts)
    return [p / total for p in parts]


def _counts(m: int, allocation: list[float], rng: np.random.Generator) -> np.ndarray:
    """Largest-remainder counts; ties in the remainders broken at random."""
    exact = np.asarray(allocation) * m
    counts = np.floor(exact).astype(int)
    left = m - counts.sum()
    if left:
        order = np.lexsort((rng.random(len(allocation)), -(exact - counts)))
        counts[order[:left]] += 1
    return counts


def assign(units: pd.DataFrame, variants: list[str], allocation: list[float], seed: int) -> np.ndarray:
    """A variant per row of ``units`` (columns ``unit`` and ``stratum``), reproducible from the seed."""
    rng = np.random.default_rng(seed)
    order = np.lexsort((units["unit"].astype(str).to_numpy(), units["stratum"].astype(str).to_numpy()))
    result = np.empty(len(units), dtype=object)
    sorted_strata = units["stratum"].astype(str).to_numpy()[order]
    for stratum in sorted(set(sorted_strata)):
        rows = order[sorted_strata == stratum]
        labels = np.repeat(np.arange(len(variants)), _counts(len(rows), allocation, rng))
        result[rows] = np.asarray(variants, dtype=object)[rng.permutation(labels)]
    return result


@dataclass
class ClientTable:
    """The units to randomise, with the history the ledger gives about each client."""

    source: str
    units: pd.DataFrame  # client (+ invoice_number, invoice_key) and any other columns of the file
    history: pd.DataFrame  # per client: invoices, mean_days_to_pay, late_share, amount_cents (may be empty)
    ledger: Ledger | None = None


def client_history(ledger: Ledger) -> pd.DataFrame:
    """Per client: invoices, amount billed (cents), mean days to pay of paid invoices, share paid late."""
    frame = ledger.frame[ledger.frame["problem"] == ""]
    days = (frame["paid_date"] - frame["issue_date"]).dt.days
    late = (frame["paid_date"] > frame["due_date"]).where(frame["paid_date"].notna())
    grouped = pd.DataFrame({"client": frame["client"], "days": days, "late": late.astype(float),
                            "amount_cents": frame["amount_cents"].astype("Float64")}).groupby("client", sort=True)
    history = pd.DataFrame({
        "invoices": grouped.size(),
        "amount_cents": grouped["amount_cents"].sum(min_count=1),
        "mean_days_to_pay": grouped["days"].mean(),
        "late_share": grouped["late"].mean(),
    })
    return history.reset_index()


def read_clients(path: Path, unit: str = "client", client_column: str | None = None,
                 payments: Path | None = None, date_format: str | None = None,
                 ledger_mapping: dict | None = None) -> ClientTable:
    """The clients file (a plain list, or a ledger) and the ledger history for balance and strata.
    ``ledger_mapping`` names ledger columns (``--map``) for whichever file is the ledger."""
    raw, _ = read_table(Path(path), "clients file")
    source = str(path)
    if raw.empty:
        raise UserError(f"{source}: the clients file has a header but no rows")
    known = {"client": ASSIGNMENT_FIELDS["client"], "invoice_number": ASSIGNMENT_FIELDS["invoice_number"]}
    mapping = {"client": client_column} if client_column else None
    if client_column and client_column not in raw.columns:
        match = [c for c in raw.columns if header_key(c) == header_key(client_column)]
        if not match:
            raise UserError(f"{source}: --client-column {client_column}: no such column; columns found: "
                            f"{', '.join(raw.columns)}")
        mapping = {"client": match[0]}
    columns = recognize_columns(raw.columns, known, mapping, ("client",) + (("invoice_number",) if unit == "invoice" else ()),
                                source, "clients file")
    ledger = None
    try:
        recognize_columns(raw.columns, LEDGER_FIELDS, ledger_mapping, REQUIRED_FIELDS, source, "ledger")
        is_ledger = True
    except UserError:
        is_ledger = False
    if is_ledger and payments is None:
        ledger = read_ledger(Path(path), mapping={**(ledger_mapping or {}), "client": columns["client"]},
                             date_format=date_format)
    elif payments is not None:
        ledger = read_ledger(Path(payments), mapping=ledger_mapping, date_format=date_format)
    units = pd.DataFrame({"client": clean_text(raw[columns["client"]])})
    for column in raw.columns:
        if column not in columns.values():
            units[column] = raw[column].to_numpy()
    if unit == "invoice":
        units["invoice_number"] = clean_text(raw[columns["invoice_number"]])
        units = units[(units["invoice_number"] != "") & (units["client"] != "")]
        units["invoice_key"] = normalize_invoice_numbers(units["invoice_number"].tolist())
        units = units.drop_duplicates("invoice_key")
    else:
        units = units[units["client"] != ""].drop_duplicates("client")
    if units.empty:
        raise UserError(f"{source}: no {'invoice numbers' if unit == 'invoice' else 'client names'} in the file")
    history = client_history(ledger) if ledger is not None else pd.DataFrame(
        columns=["client", "invoices", "amount_cents", "mean_days_to_pay", "late_share"])
    return ClientTable(source=source, units=units.reset_index(drop=True), history=history, ledger=ledger)


def strata_of(table: ClientTable, stratify: str | None, strata: int) -> pd.Series:
    """A stratum label per unit: quantile bins of client size or past days to pay, or a column's values."""
    units = table.units
    if not stratify:
        return pd.Series("all", index=units.index, dtype=object)
    if stratify in HISTORY_STRATA:
        if table.history.empty:
            raise UserError(f"--stratify {stratify}: needs the clients' history; give --payments LEDGER "
                            f"(or a ledger as --clients)")
        column = "invoices" if stratify == "size" else "mean_days_to_pay"
        values = units["client"].map(table.history.set_index("client")[column])
        label = "invoices" if stratify == "size" else "days to pay"
    else:
        match = [c for c in units.columns if header_key(c) == header_key(stratify) and c not in ("invoice_key",)]
        if not match:
            raise UserError(f"{table.source}: --stratify {stratify}: no such column; use size, days-to-pay or one of: "
                            f"{', '.join(c for c in units.columns if c not in ('client', 'invoice_key'))}")
        values = units[match[0]]
        label = match[0]
        numeric = pd.to_numeric(values, errors="coerce")
        if numeric.notna().sum() < 0.9 * values.notna().sum() or values.nunique() <= strata:
            return values.fillna("").astype(str).str.strip().replace("", "(none)").map(lambda v: f"{label}={v}")
        values = numeric
    values = pd.to_numeric(values, errors="coerce")
    known = values.dropna()
    out = pd.Series("no history", index=units.index, dtype=object)
    if known.empty:
        return out
    edges = np.unique(np.quantile(known, np.linspace(0, 1, strata + 1)))
    bins = np.clip(np.searchsorted(edges, known.to_numpy(), side="right") - 1, 0, max(len(edges) - 2, 0))
    names = [f"{label} {edges[i]:.4g}–{edges[i + 1]:.4g}" if len(edges) > 1 else f"{label} {edges[0]:.4g}"
             for i in range(max(len(edges) - 1, 1))]
    out.loc[known.index] = [names[b] for b in bins]
    return out


def _smd(a: pd.Series, b: pd.Series) -> float | None:
    a, b = pd.to_numeric(a, errors="coerce").dropna(), pd.to_numeric(b, errors="coerce").dropna()
    if len(a) < 2 or len(b) < 2:
        return None
    pooled = np.sqrt((a.var(ddof=1) + b.var(ddof=1)) / 2)
    return float((a.mean() - b.mean()) / pooled) if pooled > 0 else 0.0


def balance_table(assignment: pd.DataFrame, history: pd.DataFrame, variants: list[str]) -> list[dict]:
    """Per variant: units, clients, strata and the clients' history; standardised mean differences
    against the control (|SMD| above 0.25 is worth a look; chance alone makes some with few clients)."""
    per_client = assignment.drop_duplicates("client")[["client"]].merge(history, on="client", how="left") \
        if len(history) else assignment.drop_duplicates("client")[["client"]]
    per_client = per_client.set_index("client")
    rows = []
    control = variants[0]
    for name in variants:
        part = assignment[assignment["variant"] == name]
        clients = part["client"].drop_duplicates()
        row = {"variant": name, "units": int(len(part)), "clients": int(len(clients)),
               "strata": {str(k): int(v) for k, v in part["stratum"].value_counts().sort_index().items()}}
        if len(history):
            h = per_client.loc[clients]
            amount = h["amount_cents"].dropna()
            row.update({
                "clients_with_history": int(h["invoices"].notna().sum()),
                "past_invoices": int(h["invoices"].fillna(0).sum()),
                "past_amount": str(Decimal(int(amount.sum())) / 100) if len(amount) else None,
                "mean_days_to_pay": None if h["mean_days_to_pay"].isna().all() else float(h["mean_days_to_pay"].mean()),
                "late_share": None if h["late_share"].isna().all() else float(h["late_share"].mean()),
            })
            if name != control:
                ref = per_client.loc[assignment.loc[assignment["variant"] == control, "client"].drop_duplicates()]
                row["smd"] = {c: _smd(h[c], ref[c]) for c in ("invoices", "mean_days_to_pay", "late_share")}
        rows.append(row)
    return rows


def plan_experiment(table: ClientTable, variants: list[Variant], *, unit: str = "client", seed: int = 0,
                    stratify: str | None = None, strata: int = 2, allocation: list[float] | None = None,
                    start: date | None = None, days: int = DEFAULT_DAYS,
                    horizon_days: int = DEFAULT_HORIZON_DAYS, alpha: float = 0.05) -> Plan:
    if unit not in UNITS:
        raise UserError(f"--unit {unit!r}: expected client or invoice")
    allocation = allocation or [1.0 / len(variants)] * len(variants)
    units = table.units.copy()
    units["stratum"] = strata_of(table, stratify, strata).to_numpy()
    key = units["invoice_key"] if unit == "invoice" else units["client"]
    units["variant"] = assign(pd.DataFrame({"unit": key, "stratum": units["stratum"]}),
                              [v.name for v in variants], allocation, seed)
    columns = ["client", "variant", "stratum"] if unit == "client" else \
        ["invoice_number", "client", "variant", "stratum", "invoice_key"]
    assignment = units[columns].sort_values(columns[0], kind="stable").reset_index(drop=True)
    start = start or date.today()
    plan = Plan(variants=variants, unit=unit, seed=seed, start=start, end=start + timedelta(days=days - 1),
                horizon_days=horizon_days, alpha=alpha, assignment=assignment, allocation=allocation,
                stratify=stratify, strata=strata if stratify else 1, clients_source=table.source,
                payments_source=table.ledger.source if table.ledger is not None else None,
                created=date.today().isoformat())
    plan.balance = balance_table(assignment, table.history, [v.name for v in variants])
    return plan


def plan_path(assignment_path: Path) -> Path:
    """``assignment.csv`` → ``assignment.plan.json`` (beside it)."""
    return assignment_path.with_name(assignment_path.stem + ".plan.json")


def assignment_frame(plan: Plan) -> pd.DataFrame:
    """The assignment as written: what to send to whom (invoice_key is internal)."""
    return plan.assignment.drop(columns=[c for c in ("invoice_key",) if c in plan.assignment.columns])


def write_plan(plan: Plan, path: Path, option: str = "-o") -> list[Path]:
    """The assignment CSV (formula-like text made inert) and its ``.plan.json``."""
    from invoice_lint.foundation.outputs import write_text
    from invoice_lint.foundation.spreadsheet import neutralize

    text = neutralize(assignment_frame(plan)).to_csv(index=False, lineterminator="\n")
    plan.sha256 = hashlib.sha256(text.encode("utf-8")).hexdigest()
    write_text(path, text, option)
    write_text(plan_path(path), json.dumps(plan.to_dict(), indent=2, ensure_ascii=False) + "\n", option)
    return [path, plan_path(path)]


def _plan_from_dict(data: dict, source: str, assignment: pd.DataFrame) -> Plan:
    try:
        variants = [Variant(v["name"], v.get("template")) for v in data["variants"]]
        return Plan(variants=variants, unit=data["unit"], seed=int(data["seed"]),
                    start=date.fromisoformat(data["start"]), end=date.fromisoformat(data["end"]),
                    horizon_days=int(data["horizon_days"]), alpha=float(data["alpha"]), assignment=assignment,
                    allocation=[float(a) for a in data.get("allocation") or []],
                    stratify=data.get("stratify"), strata=int(data.get("strata") or 1),
                    clients_source=data.get("clients_source") or "", payments_source=data.get("payments_source"),
                    balance=data.get("balance") or [], sha256=data.get("assignment_sha256"),
                    created=data.get("created") or "")
    except (KeyError, TypeError, ValueError) as exc:
        raise UserError(f"{source}: not an experiment plan written by `invoice-lint experiment plan` "
                        f"({type(exc).__name__}: {exc})") from None


@dataclass
class LoadedAssignment:
    plan: Plan | None  # None when the assignment table has no plan file beside it
    assignment: pd.DataFrame
    source: str
    plan_source: str | None
    changed_since_plan: bool = False  # the table's checksum differs from the plan's


def read_assignment(path: Path, plan_file: Path | None = None) -> LoadedAssignment:
    """An assignment table (as written by ``experiment plan``, or any table with client and
    variant columns) and its plan file when there is one."""
    from invoice_lint.foundation.spreadsheet import restore

    path = Path(path)
    raw, _ = read_table(path, "assignment")
    source = str(path)
    if raw.empty:
        raise UserError(f"{source}: the assignment has a header but no rows")
    raw = restore(raw)
    columns = recognize_columns(raw.columns, ASSIGNMENT_FIELDS, None, ("client", "variant"), source, "assignment")
    frame = pd.DataFrame({"client": clean_text(raw[columns["client"]]), "variant": clean_text(raw[columns["variant"]])})
    frame["stratum"] = clean_text(raw[columns["stratum"]]) if "stratum" in columns else "all"
    if "invoice_number" in columns:
        frame.insert(0, "invoice_number", clean_text(raw[columns["invoice_number"]]))
        frame["invoice_key"] = normalize_invoice_numbers(frame["invoice_number"].tolist())
    empty = (frame["client"] == "") | (frame["variant"] == "")
    if empty.any():
        raise UserError(f"{source}: row {int(np.flatnonzero(empty.to_numpy())[0]) + 2} has no "
                        f"{'client' if frame.loc[empty, 'client'].iloc[0] == '' else 'variant'}")
    unit_key = "invoice_key" if "invoice_key" in frame.columns else "client"
    twice = frame[unit_key].duplicated(keep=False)
    if twice.any():
        clash = frame.loc[twice].groupby(unit_key)["variant"].nunique()
        if (clash > 1).any():
            name = clash[clash > 1].index[0]
            raise UserError(f"{source}: {'invoice' if unit_key == 'invoice_key' else 'client'} {name!r} is assigned "
                            f"to two variants")
        frame = frame.drop_duplicates(unit_key).reset_index(drop=True)
    plan_file = Path(plan_file) if plan_file else plan_path(path)
    if not plan_file.is_file():
        if plan_file != plan_path(path):
            raise UserError(f"--plan {plan_file}: no such file")
        return LoadedAssignment(None, frame, source, None)
    try:
        data = json.loads(plan_file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UserError(f"{plan_file}: cannot be read as a plan ({exc})") from None
    if not isinstance(data, dict) or data.get("kind") != "invoice-lint experiment plan":
        raise UserError(f"{plan_file}: not an experiment plan written by `invoice-lint experiment plan`")
    if data.get("schema_version") != PLAN_SCHEMA_VERSION:
        raise UserError(f"{plan_file}: plan schema_version {data.get('schema_version')!r}; this invoice-lint reads "
                        f"version {PLAN_SCHEMA_VERSION}")
    plan = _plan_from_dict(data, str(plan_file), frame)
    unknown = sorted(set(frame["variant"]) - {v.name for v in plan.variants})
    if unknown:
        raise UserError(f"{source}: variant {unknown[0]!r} is not one of the plan's variants "
                        f"({', '.join(v.name for v in plan.variants)}, {plan_file})")
    if (plan.unit == "invoice") != ("invoice_key" in frame.columns):
        raise UserError(f"{source}: the plan {plan_file} randomises by {plan.unit}, but the assignment "
                        f"{'has' if 'invoice_key' in frame.columns else 'has no'} invoice number column")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return LoadedAssignment(plan, frame, source, str(plan_file),
                            changed_since_plan=bool(plan.sha256) and digest != plan.sha256)
