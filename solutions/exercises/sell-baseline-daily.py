# The baseline: average units a day in the 28 days (four whole weeks) just before PR01 started.
units = daily_units(promo_product)
before = units.loc[promo_start - pd.Timedelta(days=28):promo_start - pd.Timedelta(days=1)]
answer = before.sum() / 28
