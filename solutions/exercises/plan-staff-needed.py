# Plan to the peak: the busiest hour of an average Saturday, divided by the standard and rounded UP.
saturdays = footfall[footfall["weekday"] == "Saturday"]
saturday_by_hour = saturdays.groupby("hour")["visitors"].mean()
answer = math.ceil(saturday_by_hour.max() / VISITORS_PER_COLLEAGUE)
