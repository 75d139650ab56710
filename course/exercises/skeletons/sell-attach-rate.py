# Attach rate: of the baskets holding the anchor (PR01's product), the % that also held the add-on
with_anchor = data.ids(data.keep("transaction_lines", "product_id", ___), "transaction_id")   # the baskets holding which product? (each basket once)
with_addon = data.ids(data.keep("transaction_lines", "product_id", ___), "transaction_id")    # the baskets holding which product?
answer = data.count(with_anchor & with_addon) / data.count(___) * 100                         # baskets holding both ÷ which baskets: all of them, the add-on's or the anchor's?
