"""Promotion exercises (5.1): features and benefits, basket data, and evaluating a promotion."""

from __future__ import annotations
