# Each store's average visit score, then count the stores whose average is higher than ours.
shop_lines = data.mystery_shops.assign(points=data.mystery_shops["weight"] * data.mystery_shops["passed"])
per_visit = shop_lines.groupby(["visit_id", "store"], as_index=False)[["points", "weight"]].sum()
per_visit["score"] = per_visit["points"] / per_visit["weight"] * 100
averages = per_visit.groupby("store")["score"].mean()
answer = int((averages > averages["Our store"]).sum())
