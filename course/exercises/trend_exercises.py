"""Data-analysis exercises (4.1): collecting data, trends, year-on-year and like-for-like, benchmarking."""

from __future__ import annotations
