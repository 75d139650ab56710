# Basket penetration of PR01's category during PR01: of the baskets sold on its days, the % holding the category
promo_baskets = data.ids(data.between("transactions", promo_start, promo_end), "transaction_id")        # the baskets sold on which days: the first and the last?
lines_with_products = data.join("transaction_lines", "products")                                        # each line sold, with its product's details (its category ...)
in_category = data.ids(data.keep(lines_with_products, "category", anchor_category), "transaction_id")   # the baskets holding which category?
answer = data.count(in_category & promo_baskets) / data.count(promo_baskets) * 100                      # baskets of those days holding it ÷ which baskets?
