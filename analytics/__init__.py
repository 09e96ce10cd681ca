"""Payment and survey analytics: which invoice traits go with faster payment and happier clients.

The modules form a one-direction pipeline over plain data (pandas frames and dicts):

    traits (PDF -> one row per invoice)  ledger / survey (files -> typed tables)
        -> join (every ledger row accounted for) -> survival, surveys, kpis, predict
        -> report (versioned JSON + plain-language text)

``invoice_lint.analytics.api.analyze`` is the one entry point the CLI, the dashboard and the
audit report call.  Nothing here is imported on the ``check`` / ``extract`` start path.
"""
