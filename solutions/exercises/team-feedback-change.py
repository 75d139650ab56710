# From feedback to a measurable change: pick a problem from problem_themes (not the worked example's) and plan it.
# the problem customers raised most in the last 12 weeks, other than the worked example's (a learner types it in quotes)
comment = max((c for c in problem_themes.index if c != uninterested), key=theme_share)
baseline = theme_share(comment)    # its % of comments in the last 12 weeks: where the measure is now
plan = {
    "source": "unsolicited",                 # "solicited" (surveys) or "unsolicited" (reviews, social posts, complaints)?
    "feedback": f"{problem_themes['unsolicited'][comment]} reviews and social posts and {problem_themes['solicited'][comment]} survey comments said '{comment}'",               # what customers said, and how many
    "change": "A named colleague owns this problem on every shift: they check for it at opening, at 12 and at 4, put right what they find at once, and the team leader reviews their check sheet at each Monday team meeting.",                 # what the team will do differently: who does what, and when
    "measure": f"% of comments in 12 weeks saying '{comment}'",                # how you will know it worked
    "baseline": round(baseline, 1),
    "target": round(baseline / 2, 1),                 # the % to reach, as a number
    "by_when": "within 12 weeks of the change",                # the deadline
}
answer = plan
