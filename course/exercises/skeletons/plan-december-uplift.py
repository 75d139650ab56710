# How much busier is December's average day than the average day of the whole period (%)?
december = data.keep(___, "month", ___)          # which table has one row per open day? which month?
usual_day = data.average(___, "visitors")        # the average open day over the whole period: from which table?
december_day = data.average(___, "visitors")     # and December's average open day
answer = data.change(___, ___)                   # which is the old figure, and which the new?
