# The 4-week moving average at the end of your data: the average weekly sales of the last four FULL weeks
last_four_weeks = data.between("transactions", "2025-12-01", "2025-12-28")   # from which Monday to which Sunday? (dates as "2025-03-01")
answer = data.total(last_four_weeks, "net_value") / 4           # which column holds the £ of each sale, and how many weeks?
