# Units per transaction for the whole period: units sold ÷ transactions
units = data.transactions["units"].sum()   # items sold, not basket lines
transactions = len(data.transactions)      # one row per sale (basket)
answer = course.kpi.upt(units, transactions)
