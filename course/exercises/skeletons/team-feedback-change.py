# From feedback to a measurable change: pick a problem from problem_themes (not the worked example's) and plan it.
comment = ___                      # the comment you picked, word for word, in quotes
baseline = theme_share(comment)    # its % of comments in the last 12 weeks: where the measure is now
plan = {
    "source": ___,                 # "solicited" (surveys) or "unsolicited" (reviews, social posts, complaints)?
    "feedback": ___,               # what customers said, and how many, e.g. "9 reviews and social posts said '...'"
    "change": ___,                 # what the team will do differently: who does what, and when
    "measure": ___,                # how you will know it worked, e.g. "% of comments in 12 weeks saying '...'"
    "baseline": round(baseline, 1),
    "target": ___,                 # the % to reach, as a number
    "by_when": ___,                # the deadline
}
answer = plan
