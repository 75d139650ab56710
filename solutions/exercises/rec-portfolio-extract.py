# Start from the log's pseudonymised extract; keep one row per complaint and only the columns the analysis
# needs. No pseudonyms or staff ids (not needed), and the month instead of the exact time.
pseudonymised = log.anonymised_extract()
rows = pseudonymised[pseudonymised["complaint_id"].notna()].copy()
rows["month"] = rows["received"].dt.strftime("%Y-%m")
rows["hours_to_resolve"] = ((rows["resolved"] - rows["received"]).dt.total_seconds() / 3600).round(1)
answer = rows[["month", "channel", "category", "severity", "outcome", "hours_to_resolve",
               "satisfaction_after"]].reset_index(drop=True)
