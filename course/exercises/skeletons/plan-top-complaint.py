# The most common complaint category (if two tie, the first in alphabetical order)
per_category = data.per(___, by=___, how="count")   # which table logs complaints, not every contact? counted by which column?
answer = data.highest(___)                          # which per-table: whose highest group comes up most often?
