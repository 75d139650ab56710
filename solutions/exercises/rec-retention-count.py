# The rule runs on the day after the period ends and keeps 183 days; anything before the cut-off is deleted.
run_day = pd.Timestamp(data.end) + pd.Timedelta(days=1)
cutoff = run_day - pd.Timedelta(days=183)
answer = (data.interactions["timestamp"] < cutoff).sum()
