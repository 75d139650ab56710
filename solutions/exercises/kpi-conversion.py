# Conversion rate for the whole period: transactions ÷ footfall × 100
transactions = len(data.transactions)          # one row per sale (basket)
visitors = data.footfall["visitors"].sum()     # everyone counted in through the door
answer = course.kpi.conversion_rate(transactions, visitors)
