# Solicited survey answers joined to the members' segments, business customers only.
business = answers[answers["segment"] == "business"]
answer = course.kpi.nps(business["nps"].dropna())
