# Complaints per 1,000 transactions before the improvement (the days strictly before improvement_date)
complaints_before = data.count(data.before(___, ___))   # which table holds the complaints, and before which day?
sales_before = data.count(data.before(___, ___))        # which table has one row per sale, and before which day?
answer = ___ / ___ * 1000                               # which count goes on top?
