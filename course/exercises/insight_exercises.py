"""Data-analysis exercises (4.2): SWOT/PESTLE with evidence, surveys by segment, loyalty and recommendations."""

from __future__ import annotations
