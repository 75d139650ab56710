# Our store's year-on-year sales growth, over the same weeks in both years
own_this_year = data.keep(this_year_rows, "kind", "own store")    # which rows are our own store's?
own_last_year = data.keep(last_year_rows, "kind", "own store")       # the same weeks last year: which table?
sales_this_year = data.total(own_this_year, "net_sales")          # which column holds each week's sales?
sales_last_year = data.total(own_last_year, "net_sales")
answer = data.change(sales_last_year, sales_this_year)                            # the old figure first, then the new one
