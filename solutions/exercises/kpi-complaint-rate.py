# Complaints per 1,000 transactions: complaints ÷ transactions × 1,000.
complaint_count = len(data.complaints)
transaction_count = len(data.transactions)
answer = course.kpi.complaint_rate(complaint_count, transaction_count)
