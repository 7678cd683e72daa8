"""The synthetic practice: made-up but realistic patients for the demo vault, the benchmarks and the tests.

Only the demo service (``services.demo``, ``services.synthetic_practice``), ``benchmarks/`` and ``tests/``
may import this package (an import-linter contract in pyproject.toml), so demo data can never leak into a
real practice's code paths.
"""
