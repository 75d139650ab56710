# Gross margin on all the period's sales, in %: the gross profit (sales − cost of goods) as a share of which figure?
lines_with_products = data.join("transaction_lines", "products")                  # each line sold, with its product's details (its cost ...)
shelf_price_sales = data.total(lines_with_products, "qty", times="unit_price")    # the goods at their full shelf price, before any discount
net_sales = data.total(lines_with_products, "net_value")                          # what customers actually paid, after discounts
cost_of_goods = data.total(lines_with_products, "qty", times=___)                 # units sold times what each one cost the store: which column?
answer = (___ - cost_of_goods) / ___ * 100                                        # which sales figure? and the profit ÷ which figure? (margin and markup differ only there)
