"""Teamwork exercises (5.2): per-staff KPIs from the rota, constructive reviews and feedback-driven change."""

from __future__ import annotations
