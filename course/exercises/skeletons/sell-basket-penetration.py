# Basket penetration of PR01's category during PR01: of the baskets sold on its days, the % holding the category
promo_baskets = data.ids(data.between("transactions", ___, ___), "transaction_id")        # the baskets sold on which days: the first and the last?
lines_with_products = data.join("transaction_lines", "products")                           # each line sold, with its product's details (its category ...)
in_category = data.ids(data.keep(lines_with_products, "category", ___), "transaction_id")  # the baskets holding which category?
answer = data.count(___ & ___) / data.count(___) * 100                                     # baskets of those days holding it ÷ which baskets?
