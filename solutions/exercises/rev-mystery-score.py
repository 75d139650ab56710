# Score each visit (points earned ÷ points possible × 100), then average our store's visit scores.
shop_lines = data.mystery_shops.assign(points=data.mystery_shops["weight"] * data.mystery_shops["passed"])
per_visit = shop_lines.groupby(["visit_id", "store"], as_index=False)[["points", "weight"]].sum()
per_visit["score"] = per_visit["points"] / per_visit["weight"] * 100
answer = per_visit.loc[per_visit["store"] == "Our store", "score"].mean()
