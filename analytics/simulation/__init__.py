"""Simulated data with planted effects, to check the analytics against a known truth: ledgers and
survey answers (``payments``) and template experiments (``experiment``).

Used by the tests, the benchmarks and the sample generators (sample_invoices/generate_payments.py,
generate_experiment.py), never by a command, the dashboard or the audit: setup.py leaves this
package out of the wheel.
"""
