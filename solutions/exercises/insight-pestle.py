# At least four headings: an outside force, a figure and its source, and what it means for customer service
pestle = [
    {"heading": "Technological", "factor": "More customers expect to contact a store online", "evidence": f"{digital:.0f}% of customer contacts came by web chat, email or social media (interactions)", "impact": "Online questions need quick, complete answers or customers will shop elsewhere"},
    {"heading": "Environmental", "factor": "Stormy weather keeps shoppers at home", "evidence": f"{storm_gap:+.0f}% visitors on storm days against dry days of the same weekday (footfall, weather)", "impact": "Plan the rota for the rush after a storm and warn customers who order online about delays"},
    {"heading": "Social", "factor": "Customers share their experiences publicly in reviews and posts", "evidence": f"{len(unsolicited):,} online reviews and social posts in the period (surveys, unsolicited)", "impact": "One poor visit can reach many people, so every complaint needs a quick, visible reply"},
    {"heading": "Legal", "factor": "The Consumer Rights Act 2015 gives a 30-day short-term right to reject faulty goods", "evidence": f"{returns_contacts:.1f} return or refund contacts per 1,000 transactions (interactions)", "impact": "Returns must be handled correctly and quickly, first time, within the law"},
]
answer = pd.DataFrame(pestle)
