# Units the neighbour lost = its baseline for PR01's days − what it actually sold on those days
neighbour_days = units_by_day(neighbour_product)                                                               # which product this time?
neighbour_actual = data.total(data.between(neighbour_days, promo_start, promo_end), "units")                   # the units on which days?
neighbour_baseline = data.total(data.between(neighbour_days, baseline_first_day, baseline_last_day), "units") / 28 * promo_days      # the baseline for PR01's days
answer = neighbour_baseline - neighbour_actual                                                                               # units lost: which comes off which?
