# Incremental units = actual units on PR01's days − the baseline for the same number of days
days = units_by_day(promo_product)
actual = data.total(data.between(days, promo_start, promo_end), "units")                    # the units on which days?
baseline = data.total(data.between(days, baseline_first_day, baseline_last_day), "units") / 28 * promo_days       # units a day in the baseline window, times how many days?
answer = actual - baseline                                                            # which figure comes off which?
