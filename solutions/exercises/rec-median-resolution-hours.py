# Resolved complaints only: an open complaint has no resolved time yet
resolved = data.complaints.dropna(subset=["resolved"])
hours = (resolved["resolved"] - resolved["received"]).dt.total_seconds() / 3600   # seconds -> hours
answer = hours.median()   # the typical case: a few very slow complaints would pull the mean up
