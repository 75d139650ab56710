# A specific change, with its evidence, its KPI, a baseline from your data, a target, a date, an owner and a check
plan = {
    "recommendation": f"From {plan_start:%d %B %Y}, put a named colleague in charge of the '{pain_stage}' stage at peak times, with a daily check of what went wrong there the day before",      # what will change, where, and from when?
    "evidence": [f"{pain_baseline:.2f} complaints per 1,000 transactions at '{pain_stage}' in the last 12 weeks (complaints log)", f"{evidence[pain_stage]['Mystery-shop points missed, % (mystery shops)']:.0f}% of mystery-shop points missed at this stage (mystery shops)"],     # figures from two different sources, each naming its source
    "service_impact": "Customers meet fewer problems at the stage where they are let down most, so more come back",      # what will it do for customers?
    "kpi": f"Complaints per 1,000 transactions at '{pain_stage}'",                 # the measure you will track
    "baseline": round(pain_baseline, 2),            # where the KPI is now: a number from your data
    "target": round(pain_baseline * 0.75, 2),              # the number it should reach
    "by": "2026-03-31",                  # a date after the end of your data, e.g. "2026-03-31"
    "owner": "Customer service team leader",               # one person or role
    "check": "Weekly at the Monday huddle, with a 4-week moving average; reviewed at the monthly team meeting",               # how often it is measured, and where
}
answer = plan
