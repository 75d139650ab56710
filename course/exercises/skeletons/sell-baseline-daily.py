# The baseline: the promoted product's average units a day in the 28 days (four whole weeks) just before PR01
days = units_by_day(___)                         # which product's days?
window = data.between(days, ___, ___)            # which days: the first and the last of the baseline window?
answer = data.total(window, "units") / ___       # spread over how many days?
