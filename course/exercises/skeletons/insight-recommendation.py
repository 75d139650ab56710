# A specific change, with its evidence, its KPI, a baseline from your data, a target, a date, an owner and a check
plan = {
    "recommendation": ___,      # what will change, where, and from when?
    "evidence": [___, ___],     # figures from two different sources, each naming its source
    "service_impact": ___,      # what will it do for customers?
    "kpi": ___,                 # the measure you will track
    "baseline": ___,            # where the KPI is now: a number from your data
    "target": ___,              # the number it should reach
    "by": ___,                  # a date after the end of your data, e.g. "2026-03-31"
    "owner": ___,               # one person or role
    "check": ___,               # how often it is measured, and where
}
answer = plan
