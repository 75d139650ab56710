# Average transaction value for the whole period (£, ex VAT): net sales ÷ transactions
net_sales = data.transactions["net_value"].sum()   # £ after discounts, excluding VAT
transactions = len(data.transactions)              # one row per sale (basket)
answer = course.kpi.atv(net_sales, transactions)
