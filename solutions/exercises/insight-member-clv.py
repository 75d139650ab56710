# ATV of card sales × card purchases per buying member per year × 3 years.
member_atv = course.kpi.atv(card_sales["net_value"].sum(), len(card_sales))
buying_members = card_sales["customer_id"].nunique()
purchases_per_year = len(card_sales) / buying_members * 365 / period_days
answer = course.kpi.clv(member_atv, purchases_per_year, 3)
