# Complaints per 1,000 transactions during the staff shortage, its first and last day included
complaints_during = data.between(___, ___, ___)   # which table logs complaints, from which day to which day?
sales_during = data.between(___, ___, ___)        # which table has one row per sale, over the same days?
answer = data.count(___) / data.count(___) * 1000   # how many complaints, per how many sales? (per 1,000)
