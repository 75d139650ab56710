# Average each clock hour over all open days (not the single busiest hour of the year), then take the highest.
hourly_average = footfall.groupby("hour")["visitors"].mean()
answer = int(hourly_average.idxmax())
