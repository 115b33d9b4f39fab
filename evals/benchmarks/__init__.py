"""Benchmarks run by `make bench` (not collected as tests): they print figures and ratios."""
