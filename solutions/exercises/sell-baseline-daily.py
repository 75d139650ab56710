# The baseline: the promoted product's average units a day in the 28 days (four whole weeks) just before PR01
days = units_by_day(promo_product)                         # which product's days?
window = data.between(days, baseline_first_day, baseline_last_day)            # which days: the first and the last of the baseline window?
answer = data.total(window, "units") / 28       # spread over how many days?
