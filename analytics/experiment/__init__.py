"""Template experiments: randomise template variants to clients (or invoices), estimate the
power from your own ledger, and analyse the result as a randomised comparison.

* ``design`` — the plan: assignment with a recorded seed, strata, balance, fixed horizon;
* ``outcomes`` — restricted mean days to payment and share paid by the due date per variant,
  client-bootstrap intervals (one code path for analysis, power and validation);
* ``analysis`` — ``analyze_experiment``: intention to treat, Cox with clustered errors,
  survey outcomes, sample-ratio mismatch, assignment violations, the peeking guard;
* ``power`` — ``estimate_power``: simulated experiments resampling the ledger's clients;
* ``report`` — the versioned JSON (docs/experiments.md) in plain words and tables.

Experiments with planted effects, to check all this against a known truth, are simulated by
``analytics.simulation.experiment`` (not shipped; tests, benchmarks, sample generators).
"""
