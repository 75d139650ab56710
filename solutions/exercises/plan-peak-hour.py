# The busiest hour on an average day: the visitors of each clock hour, averaged over all your open days
per_hour = data.per("footfall", "visitors", by="hour", how="average")   # which column counts people? grouped by what? totalled or averaged?
answer = data.highest(per_hour)                               # which per-table: whose highest group is the busiest hour?
