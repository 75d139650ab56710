# Sales per labour hour for the whole period: how many £ of sales each hour actually worked brought in
net_sales = data.total("transactions", "net_value")                # which column holds the £ of each sale, after discounts, without VAT?
worked_shifts = data.keep("rota", "absent", False)          # which shifts were actually worked: absent True or False?
hours = data.total(worked_shifts, "hours")                           # the hours of which shifts: every one planned, or the ones worked?
answer = net_sales / hours                                         # which figure goes on top, and which underneath?
