# The busiest day of the week, comparing whole days: the average day's visitors for each day of the week
per_weekday = data.per(daily, "visitors", by="weekday", how="average")   # which table has one row per open day? grouped by what? totalled or averaged?
answer = data.highest(per_weekday)                                  # which per-table: whose highest group is the busiest day?
