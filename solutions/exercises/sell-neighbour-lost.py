# The neighbour's baseline for PR01's days, minus what it actually sold while PR01 ran.
units = daily_units(neighbour_product)
actual = units.loc[promo_start:promo_end].sum()
baseline = units.loc[promo_start - pd.Timedelta(days=28):promo_start - pd.Timedelta(days=1)].sum() / 28 * promo_days
answer = baseline - actual   # positive: units it lost
