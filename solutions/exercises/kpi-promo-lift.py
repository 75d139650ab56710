# Lift % = (actual − baseline) ÷ baseline × 100, with the baseline from the 28 days before PR01
days = units_by_day(promo_product)
actual = data.total(data.between(days, promo_start, promo_end), "units")                    # the units on which days?
baseline = data.total(data.between(days, baseline_first_day, baseline_last_day), "units") / 28 * promo_days       # units a day in the baseline window, times how many days?
answer = (actual - baseline) / baseline * 100                                              # which figure goes underneath?
