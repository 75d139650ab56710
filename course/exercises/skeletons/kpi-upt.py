# Units per transaction for the whole period: how many items a sale holds on average
units = data.total("transactions", ___)   # which column counts the items in each sale (not its lines)?
sales = data.count(___)                   # which table has one row per sale?
answer = ___ / ___                        # which figure goes on top, and which underneath?
