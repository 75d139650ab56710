# The problem customers raised most often lately (other than the worked example), turned into a measurable change.
changes = {
    "Queue at the tills was far too long.": "Open a second till whenever three customers are waiting: the team "
    "leader checks the queue every 15 minutes at peaks, and two colleagues on every shift are cross-trained on the tills.",
    "Waited ages to pay, will shop elsewhere.": "Open a second till whenever three customers are waiting: the team "
    "leader checks the queue every 15 minutes at peaks, and two colleagues on every shift are cross-trained on the tills.",
    "Only one till open and nobody on the floor.": "Roster a named till back-up and a named floor colleague on "
    "every shift, and move stockroom work outside the 12 to 2 peak.",
    "Item was out of stock again.": "Add a daily gap check of the best-selling lines before opening, assign "
    "each aisle to a named colleague, and order replacements the same morning.",
    "Refund took too long to sort out.": "Let team leaders authorise refunds up to £50 at the till, and train "
    "every colleague on the returns process in the next two huddles.",
    "Price on the shelf did not match the till.": "Change shelf labels before opening on every price-change "
    "day, with a named colleague per aisle signing off a check sheet.",
}
candidates = problem_themes[problem_themes.index.isin(list(changes))]   # the worked example is not in `changes`
recent = {comment: theme_share(comment) for comment in candidates.index}
comment = max(recent, key=recent.get)   # the problem customers mentioned most in the last 12 weeks
asked, unasked = candidates.loc[comment, "solicited"], candidates.loc[comment, "unsolicited"]

answer = {
    "source": "unsolicited" if unasked >= asked else "solicited",
    "feedback": f"{unasked} reviews and social posts and {asked} survey comments said '{comment}'",
    "change": changes[comment],
    "measure": f"% of comments in 12 weeks saying '{comment}'",
    "baseline": round(recent[comment], 1),
    "target": round(recent[comment] / 2, 1),
    "by_when": "within 12 weeks of the change",
}
