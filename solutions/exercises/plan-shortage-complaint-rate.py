# Complaints per 1,000 transactions during the staff shortage, its first and last day included
complaints_during = data.between("complaints", shortage_start, shortage_end)   # which table logs complaints, from which day to which day?
sales_during = data.between("transactions", shortage_start, shortage_end)        # which table has one row per sale, over the same days?
answer = data.count(complaints_during) / data.count(sales_during) * 1000   # how many complaints, per how many sales? (per 1,000)
