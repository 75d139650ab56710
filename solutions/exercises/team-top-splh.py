# Each colleague's sales per labour hour: the sales they rang up ÷ the hours they worked (absences left out).
worked_shifts = data.rota[~data.rota["absent"]]
hours_by_colleague = worked_shifts.groupby("staff_id")["hours"].sum()
sales_by_colleague = data.transactions.groupby("staff_id")["net_value"].sum()
splh_by_colleague = sales_by_colleague / hours_by_colleague
answer = splh_by_colleague.idxmax()   # the staff id with the highest value, e.g. "S03"
