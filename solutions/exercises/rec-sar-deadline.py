# The reply to a subject access request is due one calendar month after the day the request arrives
received = data.latest("complaints")    # the letter came on the day of the most recent complaint: which table?
answer = data.add_months(received, 1)   # data.add_months or data.add_days? and how many?
