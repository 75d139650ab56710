# Two customers with different needs: lead each with a different feature of the promoted product,
# and say what that feature does for them (the benefit), using what each customer told me.
product = products.loc[promo_product]
answer = pd.DataFrame([
    {"customer_says": "A regular who told me, when I asked what mattered most: "
                      f"'{product['benefit_1'].split(',')[0]}'",
     "feature": product["feature_1"],
     "benefit": product["benefit_1"]},
    {"customer_says": "A new customer who said, when I asked what went wrong with their last one: "
                      f"'{product['benefit_2'].split(',')[0]}'",
     "feature": product["feature_2"],
     "benefit": product["benefit_2"]},
])
