# Each chain store's total this year and last year; the KPI leaves out the store with no sales last year.
chain_now = this_year_rows[this_year_rows["kind"] == "our chain"].groupby("store")["net_sales"].sum()
chain_before = last_year_rows[last_year_rows["kind"] == "our chain"].groupby("store")["net_sales"].sum()
print("Stores with no figures last year:", sorted(set(chain_now.index) - set(chain_before.index)))
answer = course.kpi.like_for_like_growth(chain_now, chain_before)
