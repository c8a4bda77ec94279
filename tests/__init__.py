"""The wijksim test suite (a package, so that ``tests.conftest`` is this folder's even when another
installed distribution ships a top-level ``tests`` package, as Ciw does)."""
