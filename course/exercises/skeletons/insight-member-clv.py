# The simple lifetime value of a loyalty member: ATV × purchases a year × years as a member
member_atv = data.total(card_sales, ___) / data.count(___)                 # the ATV of card sales only
buying_members = data.count(data.per(card_sales, by=___, how="count"))    # how many members bought? (one row per member)
purchases_per_year = data.count(card_sales) / ___ * 365 / period_days      # card sales per buying member, scaled to a year
answer = ___ * ___ * ___                                                   # ATV × purchases a year × how many years?
