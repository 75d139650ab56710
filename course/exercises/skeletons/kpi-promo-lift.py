# Lift % = (actual − baseline) ÷ baseline × 100, with the baseline from the 28 days before PR01
days = units_by_day(promo_product)
actual = data.total(data.between(days, ___, ___), "units")                    # the units on which days?
baseline = data.total(data.between(days, ___, ___), "units") / 28 * ___       # units a day in the baseline window, times how many days?
answer = (___ - ___) / ___ * 100                                              # which figure goes underneath?
