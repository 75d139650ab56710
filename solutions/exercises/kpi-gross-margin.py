# Gross margin = (net sales − cost of goods) ÷ net sales × 100, with sales after discounts.
lines = data.transaction_lines
cost_of_goods = (lines["qty"] * lines["product_id"].map(products["cost"])).sum()
answer = course.kpi.gross_margin(lines["net_value"].sum(), cost_of_goods)
