# Which colleague brings in the most sales for each hour they work? (Someone on more hours rings up more in total.)
sales_per_colleague = data.per("transactions", ___, by="staff_id")   # which column holds the £ of each sale?
worked_shifts = data.keep("rota", "absent", ___)                    # which shifts were actually worked?
hours_per_colleague = data.per(___, "hours", by="staff_id")         # the hours of which shifts?
splh_per_colleague = ___ / ___                                       # which figure goes on top, and which underneath?
answer = data.highest(___)                                           # rank colleagues by which figure?
