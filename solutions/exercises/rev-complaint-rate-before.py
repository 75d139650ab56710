# Complaints per 1,000 transactions before the improvement (the days strictly before improvement_date)
complaints_before = data.count(data.before("complaints", improvement_date))   # which table holds the complaints, and before which day?
sales_before = data.count(data.before("transactions", improvement_date))      # which table has one row per sale, and before which day?
answer = complaints_before / sales_before * 1000                              # which count goes on top?
