"""JSON Schemas of ``invoice-lint experiment analyze --format json`` and ``experiment power --format
json`` (schema_version 1), for consumers and tests.  docs/experiments.md explains every field.
Fields may be added in schema_version 1; none are removed or change meaning without a new version.
"""
from __future__ import annotations

_NUMBER_OR_NULL = {"type": ["number", "null"]}
_INTERVAL = {"type": "array", "items": _NUMBER_OR_NULL, "minItems": 2, "maxItems": 2}
_DIFFERENCE = {"type": "object", "required": ["estimate", "ci", "se", "p"],
               "properties": {"estimate": _NUMBER_OR_NULL, "ci": _INTERVAL, "se": _NUMBER_OR_NULL, "p": _NUMBER_OR_NULL}}
_COUNT = {"type": "integer", "minimum": 0}

ANALYSIS_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "invoice-lint experiment analyze, schema_version 1",
    "type": "object",
    "required": ["schema_version", "tool", "inputs", "plan", "design", "status", "rows", "arms", "comparisons", "cox",
                 "checks", "survey", "method"],
    "properties": {
        "schema_version": {"const": 1},
        "tool": {"type": "object", "required": ["name", "version"]},
        "inputs": {"type": "object", "required": ["assignment", "plan", "payments", "survey", "as_of", "columns"]},
        "plan": {"type": ["object", "null"], "required": ["schema_version", "variants", "unit", "seed", "start", "end",
                                                           "horizon_days", "analysis_date", "alpha"]},
        "design": {"type": "object", "required": ["unit", "variants", "control", "horizon_days", "confidence",
                                                  "alpha_per_comparison"],
                   "properties": {"unit": {"enum": ["client", "invoice"]}}},
        "status": {"enum": ["final", "interim", "no plan"]},
        "rows": {"type": "object", "required": ["read", "in_experiment"],
                 "additionalProperties": _COUNT},
        "arms": {"type": "array", "items": {
            "type": "object",
            "required": ["variant", "arm", "invoices", "clients", "paid", "rmst_days", "on_time_share", "on_time_known"],
            "properties": {"invoices": _COUNT, "clients": _COUNT, "paid": _COUNT, "rmst_days": _NUMBER_OR_NULL,
                           "on_time_share": _NUMBER_OR_NULL, "on_time_known": _COUNT}}},
        "comparisons": {"type": "array", "items": {
            "type": "object",
            "required": ["variant", "control", "rmst_difference_days", "on_time_share_difference", "randomization_p",
                         "cox", "clear", "on_time_clear", "conclusion"],
            "properties": {"rmst_difference_days": _DIFFERENCE, "on_time_share_difference": _DIFFERENCE,
                           "randomization_p": _NUMBER_OR_NULL, "clear": {"type": "boolean"},
                           "cox": {"type": ["object", "null"], "required": ["hazard_ratio", "ci", "p"]},
                           "conclusion": {"enum": ["clear", "no clear difference", "none yet"]}}}},
        "cox": {"type": "object"},
        "checks": {
            "type": "object",
            "required": ["sample_ratio", "assignment_violations", "clients_not_assigned", "assigned_without_invoices",
                         "assignment_changed_since_plan", "peeking"],
            "properties": {
                "sample_ratio": {"type": "object", "required": ["unit", "observed", "expected", "p", "mismatch"]},
                "assignment_violations": {"type": "object", "required": ["checked", "invoices", "share", "by_assigned",
                                                                          "examples", "note", "unrecognised"]},
                "peeking": {"type": "object", "required": ["status", "as_of", "analysis_date", "rule"]},
            },
        },
        "survey": {"type": ["object", "null"]},
        "method": {"type": "object"},
    },
}

POWER_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "invoice-lint experiment power, schema_version 1",
    "type": "object",
    "required": ["schema_version", "inputs", "ledger", "settings", "results", "method"],
    "properties": {
        "schema_version": {"const": 1},
        "settings": {"type": "object", "required": ["effect", "effect_kind", "alpha", "power", "variants", "days",
                                                    "horizon_days", "clients", "simulations", "bootstrap", "seed"]},
        "results": {"type": "array", "items": {
            "type": "object",
            "required": ["design", "effect", "clients", "power", "invoices", "clients_needed", "invoices_needed"],
            "properties": {"design": {"enum": ["client", "invoice"]}, "power": {"type": "number", "minimum": 0,
                                                                               "maximum": 1}}}},
    },
}
