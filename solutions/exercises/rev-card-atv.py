# ATV of loyalty-card sales: net sales of the sales with a customer_id ÷ the number of those sales.
card_sales = data.transactions[data.transactions["customer_id"].notna()]
answer = course.kpi.atv(card_sales["net_value"].sum(), len(card_sales))
