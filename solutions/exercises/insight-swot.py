# One row per quadrant at least: inside the store (S, W) and outside it (O, T), each with evidence and impact.
pain_complaints = evidence.loc["Complaints per 1,000 transactions (complaints log)", pain_stage]
answer = pd.DataFrame([
    {"quadrant": "S", "factor": f"Colleagues reliably do this mystery-shop check: {item_passed.index[-1].lower()}",
     "evidence": f"Passed on {item_passed.iloc[-1]:.0f}% of visits (mystery shops)",
     "impact": "Customers get a consistent experience at this step of their visit"},
    {"quadrant": "W", "factor": f"Customers complain most at the '{pain_stage}' stage of their journey",
     "evidence": f"{pain_complaints:.2f} complaints per 1,000 transactions (complaints log)",
     "impact": "Customers are let down most often here, which puts their repeat visits at risk"},
    {"quadrant": "W", "factor": f"Mystery shoppers often find this check missed: {item_passed.index[0].lower()}",
     "evidence": f"Passed on only {item_passed.iloc[0]:.0f}% of visits (mystery shops)",
     "impact": "Some customers miss out on a step of the service standard"},
    {"quadrant": "O", "factor": "More customers want to contact the store online",
     "evidence": f"{digital:.0f}% of contacts came by web chat, email or social media (interactions)",
     "impact": "Quick online answers could win customers who do not want to phone or visit"},
    {"quadrant": "T", "factor": "A rival store opened nearby and competes for the same customers",
     "evidence": f"Diary, {rival['date'].iloc[0]:%d %b %Y}: {rival['note'].iloc[0]}",
     "impact": "Customers can now walk next door, so poor service costs more sales than before"},
])
