# Average transaction value for the whole period (£, ex VAT): how much a sale is worth on average
net_sales = data.total("transactions", "net_value")   # which column holds the £ of each sale, after discounts, without VAT?
sales = data.count("transactions")                       # which table has one row per sale?
answer = net_sales / sales                            # which figure goes on top, and which underneath?
