# Complaint rate for the whole period: complaints per 1,000 transactions
complaints = data.count("complaints")   # which table has one row per complaint?
sales = data.count("transactions")      # which table has one row per sale?
answer = complaints / sales * 1000      # which count goes on top, and per how many sales?
