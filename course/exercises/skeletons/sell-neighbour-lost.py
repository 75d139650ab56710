# Units the neighbour lost = its baseline for PR01's days − what it actually sold on those days
neighbour_days = units_by_day(___)                                                               # which product this time?
neighbour_actual = data.total(data.between(neighbour_days, ___, ___), "units")                   # the units on which days?
neighbour_baseline = data.total(data.between(neighbour_days, ___, ___), "units") / 28 * ___      # the baseline for PR01's days
answer = ___ - ___                                                                               # units lost: which comes off which?
