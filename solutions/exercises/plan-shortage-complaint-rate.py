# Complaints received and sales made in the shortage dates; rate = complaints ÷ transactions × 1,000.
complaints_during = data.complaints[in_dates(data.complaints["received"], shortage_start, shortage_end)]
sales_during = data.transactions[in_dates(data.transactions["timestamp"], shortage_start, shortage_end)]
answer = course.kpi.complaint_rate(len(complaints_during), len(sales_during))
