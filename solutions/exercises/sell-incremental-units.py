# Incremental units = actual units during PR01 − the baseline for the same number of days.
units = daily_units(promo_product)
actual = units.loc[promo_start:promo_end].sum()
baseline_per_day = units.loc[promo_start - pd.Timedelta(days=28):promo_start - pd.Timedelta(days=1)].sum() / 28
baseline = baseline_per_day * promo_days
answer = actual - baseline
