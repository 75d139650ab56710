# Complaints per 1,000 transactions from the improvement on (to period_end, the last day of your data)
complaints_after = data.count(data.between(___, ___, period_end))   # which table, and from which day? (does the launch day count?)
sales_after = data.count(data.between(___, ___, period_end))        # the sales over the same days
answer = ___ / ___ * 1000                                           # which count goes on top?
