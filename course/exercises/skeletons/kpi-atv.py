# Average transaction value for the whole period (£, ex VAT): how much a sale is worth on average
net_sales = data.total("transactions", ___)   # which column holds the £ of each sale, after discounts, without VAT?
sales = data.count(___)                       # which table has one row per sale?
answer = ___ / ___                            # which figure goes on top, and which underneath?
