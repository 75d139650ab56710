# The % of loyalty-card SALES (not of members) made by customers in the 'regular' segment
card_sales = data.filled("transactions", "customer_id")   # which table has one row per sale, and which column is filled in only on a card sale?
with_segment = data.join(card_sales, "customers")         # which table holds each customer's segment?
answer = data.share(with_segment, "segment", "regular")   # the % of which rows: the card sales, or the members? and which segment?
