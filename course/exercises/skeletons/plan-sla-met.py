# The % of ALL complaints resolved within the 48-hour standard (an open complaint has not met it)
met = data.keep(complaints, "hours_to_resolve", at_most=___)   # which complaints were put right within the standard?
answer = data.count(___) / data.count(___) * 100               # which goes on top? and underneath: only the closed complaints, or all?
