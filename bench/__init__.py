"""Benchmarks for `make bench`: figures against baselines measured in the same run."""
