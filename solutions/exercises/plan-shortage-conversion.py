# Both counts from the shortage dates only: transactions ÷ visitors × 100.
sales_during = data.transactions[in_dates(data.transactions["timestamp"], shortage_start, shortage_end)]
footfall_during = footfall[in_dates(footfall["timestamp"], shortage_start, shortage_end)]
answer = course.kpi.conversion_rate(len(sales_during), footfall_during["visitors"].sum())
