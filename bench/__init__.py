"""Benchmarks that print ratios (`python -m bench`); never timed assertions in tests."""
