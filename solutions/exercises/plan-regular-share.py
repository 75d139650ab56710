# Each card sale's customer -> their segment, then the share of card sales that are 'regular'.
segment_of = data.customers.set_index("customer_id")["segment"]
card_sales = data.transactions["customer_id"].dropna()
answer = (card_sales.map(segment_of) == "regular").mean() * 100
