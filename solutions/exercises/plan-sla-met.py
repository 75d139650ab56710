# The % of ALL complaints resolved within the 48-hour standard (an open complaint has not met it)
met = data.keep(complaints, "hours_to_resolve", at_most=48)   # which complaints were put right within the standard?
answer = data.count(met) / data.count(complaints) * 100               # which goes on top? and underneath: only the closed complaints, or all?
