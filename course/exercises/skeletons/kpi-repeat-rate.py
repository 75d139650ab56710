# Repeat customer rate: of the members who bought at least once, the % who bought twice or more
purchases_per_member = data.per(___, by=___, how="count")        # count the sales of which table, per which column? (a sale with no card belongs to no one)
answer = course.kpi.repeat_customer_rate(purchases_per_member)    # members with 2 or more ÷ members with at least 1 × 100
