# `daily` holds whole-day totals, so short Sunday opening hours cannot flatter Sunday.
by_weekday = daily.groupby("weekday")["visitors"].mean()
answer = by_weekday.idxmax()
