# At least four headings: an outside force, a figure and its source, and what it means for customer service
pestle = [
    {"heading": ___, "factor": ___, "evidence": ___, "impact": ___},
    {"heading": ___, "factor": ___, "evidence": ___, "impact": ___},
    {"heading": ___, "factor": ___, "evidence": ___, "impact": ___},
    {"heading": ___, "factor": ___, "evidence": ___, "impact": ___},
]
answer = pd.DataFrame(pestle)
