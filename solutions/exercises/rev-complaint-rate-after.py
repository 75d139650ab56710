# Complaints and sales on or after the improvement date (the launch day counts as after).
complaints_after = (data.complaints["received"] >= improvement_date).sum()
sales_after = (data.transactions["timestamp"] >= improvement_date).sum()
answer = course.kpi.complaint_rate(complaints_after, sales_after)
