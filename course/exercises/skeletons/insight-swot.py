# At least one row in each quadrant (S, W inside the store; O, T outside it), each with evidence and its impact
swot = [
    {"quadrant": ___, "factor": ___, "evidence": ___, "impact": ___},
    {"quadrant": ___, "factor": ___, "evidence": ___, "impact": ___},
    {"quadrant": ___, "factor": ___, "evidence": ___, "impact": ___},
    {"quadrant": ___, "factor": ___, "evidence": ___, "impact": ___},
]
answer = pd.DataFrame(swot)
