# Net incremental units = the promoted product's incremental units − the units its neighbour lost.
def actual_and_baseline(product_id):
    units = daily_units(product_id)
    actual = units.loc[promo_start:promo_end].sum()
    baseline = units.loc[promo_start - pd.Timedelta(days=28):promo_start - pd.Timedelta(days=1)].sum() / 28 * promo_days
    return actual, baseline


promo_actual, promo_baseline = actual_and_baseline(promo_product)
neighbour_actual, neighbour_baseline = actual_and_baseline(neighbour_product)
answer = (promo_actual - promo_baseline) - (neighbour_baseline - neighbour_actual)
