# The 4-week moving average at the end of your data: the average weekly sales of the last four FULL weeks
last_four_weeks = data.between("transactions", ___, ___)   # from which Monday to which Sunday? (dates as "2025-03-01")
answer = data.total(last_four_weeks, ___) / ___           # which column holds the £ of each sale, and how many weeks?
