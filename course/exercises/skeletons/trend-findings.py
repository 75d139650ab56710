# At least three findings: what you found, the figure that shows it, the tool you used, and what it means for customers
findings = [
    {"finding": ___, "evidence": ___, "tool": ___, "impact": ___, "limits": ___},
    {"finding": ___, "evidence": ___, "tool": ___, "impact": ___, "limits": ___},
    {"finding": ___, "evidence": ___, "tool": ___, "impact": ___, "limits": ___},
]
answer = pd.DataFrame(findings)
