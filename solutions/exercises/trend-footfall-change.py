# The weeks since the opening against the same weeks last year: same season, same length.
ours_since = this_year_rows[(this_year_rows["kind"] == "own store") & (this_year_rows["week_start"] >= opening)]
ours_a_year_before = last_year_rows[(last_year_rows["kind"] == "own store")
                                    & last_year_rows["same_week_this_year"].isin(ours_since["week_start"])]
answer = course.kpi.year_on_year_growth(ours_since["footfall"].sum(), ours_a_year_before["footfall"].sum())
