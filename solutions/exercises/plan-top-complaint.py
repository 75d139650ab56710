# The most common complaint category (if two tie, the first in alphabetical order)
per_category = data.per("complaints", by="category", how="count")   # which table logs complaints, not every contact? counted by which column?
answer = data.highest(per_category)                          # which per-table: whose highest group comes up most often?
