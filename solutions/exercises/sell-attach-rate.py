# Attach rate = baskets holding both ÷ baskets holding the anchor × 100 (each basket counted once).
lines = data.transaction_lines
with_anchor = set(lines.loc[lines["product_id"] == promo_product, "transaction_id"])
with_addon = set(lines.loc[lines["product_id"] == addon_product, "transaction_id"])
answer = course.kpi.attach_rate(len(with_anchor & with_addon), len(with_anchor))
