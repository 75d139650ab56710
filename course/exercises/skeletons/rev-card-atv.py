# ATV of loyalty-card sales: the £ of the card sales ÷ how many card sales there were
spend = data.per("transactions", ___, by="customer_id")            # each card customer's sales in £ ex VAT: which column? (a sale with no customer_id drops out)
sales = data.per("transactions", by="customer_id", how=___)        # how many sales each card customer made: which way of adding up?
answer = data.total(___) / data.total(___)                          # pool all the card sales: which total goes on top?
