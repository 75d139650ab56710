# At least one row in each quadrant (S, W inside the store; O, T outside it), each with evidence and its impact
swot = [
    {"quadrant": "S", "factor": f"Colleagues reliably do this mystery-shop check: {data.highest(item_passed).lower()}", "evidence": f"Passed on {item_passed[data.highest(item_passed)]:.0f}% of visits (mystery shops)", "impact": "Customers get a consistent experience at this step of their visit"},
    {"quadrant": "W", "factor": f"Customers complain most at the '{pain_stage}' stage of their journey", "evidence": f"{evidence[pain_stage]['Complaints per 1,000 transactions (complaints log)']:.2f} complaints per 1,000 transactions (complaints log)", "impact": "Customers are let down most often here, which puts their repeat visits at risk"},
    {"quadrant": "O", "factor": "More customers want to contact the store online", "evidence": f"{digital:.0f}% of contacts came by web chat, email or social media (interactions)", "impact": "Quick online answers could win customers who do not want to phone or visit"},
    {"quadrant": "T", "factor": "A rival store opened nearby and competes for the same customers", "evidence": f"Diary: {swot_evidence['what your data shows'][5]} (events)", "impact": "Customers can now walk next door, so poor service costs more sales than before"},
]
answer = pd.DataFrame(swot)
