# From feedback to a measurable change: pick a problem from problem_themes (not the worked example's) and plan it.
comment = "Price on the shelf did not match the till."                      # the comment you picked, word for word, in quotes
baseline = theme_share(comment)    # its % of comments in the last 12 weeks: where the measure is now
plan = {
    "source": "unsolicited",                 # "solicited" (surveys) or "unsolicited" (reviews, social posts, complaints)?
    "feedback": f"{problem_themes['unsolicited'][comment]} reviews and social posts and {problem_themes['solicited'][comment]} survey comments said '{comment}'",               # what customers said, and how many
    "change": "Change shelf labels before opening on every price-change day, with a named colleague per aisle signing off a check sheet.",                 # what the team will do differently: who does what, and when
    "measure": f"% of comments in 12 weeks saying '{comment}'",                # how you will know it worked
    "baseline": round(baseline, 1),
    "target": round(baseline / 2, 1),                 # the % to reach, as a number
    "by_when": "within 12 weeks of the change",                # the deadline
}
answer = plan
