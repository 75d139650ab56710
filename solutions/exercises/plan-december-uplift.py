# Compare the average open day, not monthly totals (months have different numbers of trading days).
december = daily[daily["date"].dt.month == 12]
answer = (december["visitors"].mean() / daily["visitors"].mean() - 1) * 100
