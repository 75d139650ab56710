# Repeat contacts as a share of ALL contacts: a repeat has a repeat_of link, and each repeat counts once
repeats_per_month = data.per(___, ___, by="month", how="count")   # which table, and which column is filled in on a repeat?
repeats = data.total(repeats_per_month)                          # how="count" counts filled-in cells: add up the months
answer = ___ / data.count(___) * 100                             # what goes on top, and which table holds ALL contacts?
