# How much busier is December's average day than the average day of the whole period (%)?
december = data.keep(daily, "month", "Dec")          # which table has one row per open day? which month?
usual_day = data.average(daily, "visitors")        # the average open day over the whole period: from which table?
december_day = data.average(december, "visitors")     # and December's average open day
answer = data.change(usual_day, december_day)                   # which is the old figure, and which the new?
