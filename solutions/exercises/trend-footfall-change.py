# Our footfall since the competitor opened, against the same weeks last year (same season, same length)
own_this_year = data.keep(this_year_rows, "kind", "own store")
own_last_year = data.keep(last_year_rows, "kind", "own store")
since_opening = data.keep(own_this_year, "week_start", at_least=opening)          # from which day on?
same_weeks_last_year = data.keep(own_last_year, "same_week_this_year", at_least=opening)        # which column says which week of this year a row matches?
answer = data.change(data.total(same_weeks_last_year, "footfall"), data.total(since_opening, "footfall"))   # the old period first, then the new one
