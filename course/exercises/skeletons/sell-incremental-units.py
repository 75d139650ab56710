# Incremental units = actual units on PR01's days − the baseline for the same number of days
days = units_by_day(promo_product)
actual = data.total(data.between(days, ___, ___), "units")                    # the units on which days?
baseline = data.total(data.between(days, ___, ___), "units") / 28 * ___       # units a day in the baseline window, times how many days?
answer = ___ - ___                                                            # which figure comes off which?
