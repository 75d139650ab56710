# Repeat contacts as a share of ALL contacts: a repeat has a repeat_of link, and each repeat counts once
repeats_per_month = data.per("interactions", "repeat_of", by="month", how="count")   # which table, and which column is filled in on a repeat?
repeats = data.total(repeats_per_month)                          # how="count" counts filled-in cells: add up the months
answer = repeats / data.count("interactions") * 100              # what goes on top, and which table holds ALL contacts?
