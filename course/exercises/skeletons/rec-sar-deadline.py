# The reply to a subject access request is due one calendar month after the day the request arrives
received = data.latest(___)   # the letter came on the day of the most recent complaint: which table?
answer = ___(received, ___)   # data.add_months or data.add_days? and how many?
