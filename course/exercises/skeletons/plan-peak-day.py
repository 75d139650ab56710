# The busiest day of the week, comparing whole days: the average day's visitors for each day of the week
per_weekday = data.per(___, "visitors", by=___, how=___)   # which table has one row per open day? grouped by what? totalled or averaged?
answer = data.highest(___)                                  # which per-table: whose highest group is the busiest day?
