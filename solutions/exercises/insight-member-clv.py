# The simple lifetime value of a loyalty member: ATV × purchases a year × years as a member
member_atv = data.total(card_sales, "net_value") / data.count(card_sales)                 # the ATV of card sales only
buying_members = data.count(data.per(card_sales, by="customer_id", how="count"))    # how many members bought? (one row per member)
purchases_per_year = data.count(card_sales) / buying_members * 365 / period_days      # card sales per buying member, scaled to a year
answer = member_atv * purchases_per_year * 3                                                   # ATV × purchases a year × how many years?
