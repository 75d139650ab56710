# Lift % = (actual − baseline) ÷ baseline × 100, with the baseline from the 28 days before PR01.
units = daily_units(promo_product)
actual = units.loc[promo_start:promo_end].sum()
baseline = units.loc[promo_start - pd.Timedelta(days=28):promo_start - pd.Timedelta(days=1)].sum() / 28 * promo_days
answer = course.kpi.promotion_uplift(actual, baseline).lift_pct
