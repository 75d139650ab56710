# A complaint with no resolved time is still open: how many customers are waiting for an answer?
closed_per_month = data.per("complaints", "resolved", by="month", how="count")   # which table, and which column is filled in once closed?
closed_complaints = data.total(closed_per_month)                # how="count" counts filled-in cells: add up the months
answer = data.count("complaints") - closed_complaints           # all the complaints, less which figure?
