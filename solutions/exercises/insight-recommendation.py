# A specific change at the triangulated pain point, with a KPI, a baseline from the data, a target and a date.
pain_rate = baselines["baseline (last 12 weeks)"].iloc[0]
missed_here = evidence.loc["Mystery-shop points missed, % (mystery shops)", pain_stage]
answer = {
    "recommendation": f"From {plan_start:%d %B %Y}, put a named colleague in charge of the '{pain_stage}' stage "
                      "at peak times, with a daily check of what went wrong there the day before",
    "evidence": [f"{pain_rate:.2f} complaints per 1,000 transactions at '{pain_stage}' in the last 12 weeks "
                 "(complaints log)",
                 f"{missed_here:.0f}% of mystery-shop points missed at this stage (mystery shops)"],
    "service_impact": "Customers meet fewer problems at the stage where they are let down most, so more come back",
    "kpi": f"Complaints per 1,000 transactions at '{pain_stage}'",
    "baseline": round(pain_rate, 2),
    "target": round(pain_rate * 0.75, 2),
    "by": plan_start + pd.Timedelta(weeks=12),
    "owner": "Customer service team leader",
    "check": "Weekly at the Monday huddle, with a 4-week moving average; reviewed at the monthly team meeting",
}
