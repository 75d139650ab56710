# Three action points from the review. Text goes in quotes; a due date as "2026-01-31" (year-month-day) or next_review.
standardise = {"action": ___, "owner": ___, "due": ___, "measure": ___, "status": ___}    # what worked, made the standard
next_problem = {"action": ___, "owner": ___, "due": ___, "measure": ___, "status": ___}   # the biggest remaining complaint category (next_focus)
proactive = {"action": ___, "owner": ___, "due": ___, "measure": ___, "status": ___}      # a step that prevents problems (section 5)
answer = [standardise, next_problem, proactive]
