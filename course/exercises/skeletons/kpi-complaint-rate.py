# Complaint rate for the whole period: complaints per 1,000 transactions
complaints = data.count(___)   # which table has one row per complaint?
sales = data.count(___)        # which table has one row per sale?
answer = ___ / ___ * ___       # which count goes on top, and per how many sales?
