# Complaints per 1,000 transactions from the improvement on (to period_end, the last day of your data)
complaints_after = data.count(data.between("complaints", improvement_date, period_end))   # which table, and from which day? (does the launch day count?)
sales_after = data.count(data.between("transactions", improvement_date, period_end))      # the sales over the same days
answer = complaints_after / sales_after * 1000                                            # which count goes on top?
