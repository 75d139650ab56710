# Colleagues the standard needs in the busiest hour of an average Saturday
saturday_rows = data.keep(footfall, "weekday", "Saturday")                # which day's rows do we plan for?
saturday_hours = data.per(saturday_rows, "visitors", by="hour", how="average")   # the visitors in each hour of an average Saturday
peak = data.total(data.top(saturday_hours, 1))                     # the busiest hour's visitors (the top one hour's figure)
answer = math.ceil(peak / VISITORS_PER_COLLEAGUE)                         # plan to which figure? math.ceil rounds up, math.floor down
