"""Benchmarks of the store simulation and a cohort run; they print figures and assert nothing."""
