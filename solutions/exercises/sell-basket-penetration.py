# Of the baskets sold on PR01's days, what % held at least one item from the promoted product's category?
sale_days = data.transactions["timestamp"].dt.normalize()
promo_baskets = set(data.transactions.loc[sale_days.between(promo_start, promo_end), "transaction_id"])
lines = data.transaction_lines
in_category = lines["product_id"].map(products["category"]) == products.loc[promo_product, "category"]
with_category = set(lines.loc[in_category, "transaction_id"]) & promo_baskets
answer = course.kpi.basket_penetration(len(with_category), len(promo_baskets))
