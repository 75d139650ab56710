# Complaints and sales strictly before the improvement date; rate = complaints ÷ transactions × 1,000.
complaints_before = (data.complaints["received"] < improvement_date).sum()
sales_before = (data.transactions["timestamp"] < improvement_date).sum()
answer = course.kpi.complaint_rate(complaints_before, sales_before)
