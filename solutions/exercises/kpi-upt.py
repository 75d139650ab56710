# Units per transaction for the whole period: how many items a sale holds on average
units = data.total("transactions", "units")   # which column counts the items in each sale (not its lines)?
sales = data.count("transactions")                   # which table has one row per sale?
answer = units / sales                        # which figure goes on top, and which underneath?
