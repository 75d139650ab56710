# Our store's sales in this year's benchmark weeks against the same weeks last year.
ours_this_year_total = this_year_rows.loc[this_year_rows["kind"] == "own store", "net_sales"].sum()
ours_last_year_total = last_year_rows.loc[last_year_rows["kind"] == "own store", "net_sales"].sum()
answer = course.kpi.year_on_year_growth(ours_this_year_total, ours_last_year_total)
