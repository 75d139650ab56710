# Sales per labour hour for the whole period: how many £ of sales each hour actually worked brought in
net_sales = data.total("transactions", ___)                # which column holds the £ of each sale, after discounts, without VAT?
worked_shifts = data.keep("rota", "absent", ___)          # which shifts were actually worked: absent True or False?
hours = data.total(___, "hours")                           # the hours of which shifts: every one planned, or the ones worked?
answer = ___ / ___                                         # which figure goes on top, and which underneath?
