# Which colleague brings in the most sales for each hour they work? (Someone on more hours rings up more in total.)
sales_per_colleague = data.per("transactions", "net_value", by="staff_id")   # which column holds the £ of each sale?
worked_shifts = data.keep("rota", "absent", False)                    # which shifts were actually worked?
hours_per_colleague = data.per(worked_shifts, "hours", by="staff_id")         # the hours of which shifts?
splh_per_colleague = sales_per_colleague / hours_per_colleague                                       # which figure goes on top, and which underneath?
answer = data.highest(splh_per_colleague)                                           # rank colleagues by which figure?
