"""JSON Schema of ``invoice-lint analyze --format json`` (schema_version 1), for consumers and tests.

docs/analyze.md explains every field in words; this is the machine-checkable part of it.
Fields may be added in schema_version 1; none are removed or change meaning without a new version.
"""
from __future__ import annotations

_NUMBER_OR_NULL = {"type": ["number", "null"]}
_INTERVAL = {"type": "array", "items": _NUMBER_OR_NULL, "minItems": 2, "maxItems": 2}

EFFECT = {
    "type": "object",
    "required": ["trait", "level", "reference", "n_with", "n_without", "median_days_with", "median_days_without",
                 "effect_days", "ci_low", "ci_high", "hazard_ratio", "hr_ci_low", "hr_ci_high", "flags"],
    "properties": {
        "trait": {"type": "string"}, "level": {"type": "string"}, "reference": {"type": "string"},
        "kind": {"enum": ["binary", "categorical", "binned"]},
        "n_with": {"type": "integer", "minimum": 0}, "n_without": {"type": "integer", "minimum": 0},
        "events_with": {"type": "integer"}, "events_without": {"type": "integer"},
        "median_days_with": _NUMBER_OR_NULL, "median_days_without": _NUMBER_OR_NULL,
        "median_with_ci": _INTERVAL, "median_without_ci": _INTERVAL,
        "effect_days": _NUMBER_OR_NULL, "ci_low": _NUMBER_OR_NULL, "ci_high": _NUMBER_OR_NULL,
        "rmst_days_with": {"type": "number"}, "rmst_days_without": {"type": "number"},
        "rmst_effect_days": {"type": "number"}, "rmst_ci": _INTERVAL,
        "late_share_with": _NUMBER_OR_NULL, "late_share_without": _NUMBER_OR_NULL,
        "late_share_with_ci": _INTERVAL, "late_share_without_ci": _INTERVAL,
        "late_share_difference": _NUMBER_OR_NULL, "late_share_difference_ci": _INTERVAL,
        "logrank_p": _NUMBER_OR_NULL,
        "hazard_ratio": _NUMBER_OR_NULL, "hr_ci_low": _NUMBER_OR_NULL, "hr_ci_high": _NUMBER_OR_NULL,
        "time_ratio": _NUMBER_OR_NULL, "tr_ci_low": _NUMBER_OR_NULL, "tr_ci_high": _NUMBER_OR_NULL,
        "ph_p": _NUMBER_OR_NULL, "significant": {"type": "boolean"},
        "flags": {"type": "array", "items": {"enum": [
            "small-group", "few-payments", "few-clients", "median-not-reached", "ph-violated", "not-adjusted",
            "unclear-after-adjustment", "reversed-after-adjustment"]}},
    },
}

SURVEY_EFFECT = {
    "type": "object",
    "required": ["question", "scale", "trait", "level", "reference", "n_with", "n_without", "mean_with",
                 "mean_without", "mean_difference", "ci_low", "ci_high", "top2_with", "top2_without",
                 "top2_difference", "top2_ci_low", "top2_ci_high", "mannwhitney_p", "rank_biserial", "flags"],
}

MONEY = {"type": "string", "pattern": r"^-?\d+\.\d{2}$"}

REPORT_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "invoice-lint analyze, schema_version 1",
    "type": "object",
    "required": ["schema_version", "tool", "inputs", "rows", "traits", "method", "effects", "survey", "kpis",
                 "prediction", "notes"],
    "properties": {
        "schema_version": {"const": 1},
        "tool": {"type": "object", "required": ["name", "version"]},
        "inputs": {"type": "object", "required": ["invoices", "payments", "survey", "as_of", "columns"]},
        "rows": {
            "type": "object",
            "required": ["read", "included", "matched_by_number", "matched_by_template", "unmatched", "duplicate",
                         "excluded", "excluded_reasons", "unpaid_censored", "examples", "pdfs"],
            "properties": {k: {"type": "integer", "minimum": 0} for k in (
                "read", "included", "matched_by_number", "matched_by_template", "unmatched", "duplicate", "excluded",
                "unpaid_censored")},
        },
        "invoices": {"type": ["object", "null"]},
        "traits": {"type": "array", "items": {"type": "string"}},
        "method": {"type": "object"},
        "effects": {"type": "array", "items": EFFECT},
        "survey": {
            "type": ["object", "null"],
            "properties": {"effects": {"type": "array", "items": SURVEY_EFFECT},
                           "themes": {"type": "array", "items": {
                               "type": "object", "required": ["language", "theme", "terms", "comments", "share",
                                                              "examples"]}}},
        },
        "kpis": {
            "type": "object",
            "required": ["as_of", "period_days", "by_currency"],
            "properties": {"by_currency": {"type": "object", "additionalProperties": {
                "type": "object",
                "required": ["dso", "best_possible_dso", "add", "cei", "aging", "open_ar", "current_ar",
                             "sales_in_period"],
                "properties": {"open_ar": MONEY, "current_ar": MONEY, "sales_in_period": MONEY,
                               "aging": {"type": "object",
                                         "required": ["current", "1-30", "31-60", "61-90", "90+"]}},
            }}},
        },
        "prediction": {"type": ["object", "null"]},
        "notes": {"type": "array", "items": {"type": "string"}},
    },
}
