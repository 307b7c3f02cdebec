"""Benchmarks and load tests (not part of the test suite); see bench/README.md."""
