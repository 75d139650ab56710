# Two customers with different needs: for each, what they told you, the feature of PR01's product that meets it,
# and what that feature does for them. Replace each ___ with your words, in quotes.
# (A learner copies the features from the table in section 2; the model answer reads them to fit every store.)
customers = [
    {"customer_says": f"A regular who told me, when I asked what mattered most: '{products['benefit_1'][promo_product].split(',')[0]}'", "feature": products["feature_1"][promo_product], "benefit": products["benefit_1"][promo_product]},   # the first customer
    {"customer_says": f"A new customer who said, when I asked what went wrong with their last one: '{products['benefit_2'][promo_product].split(',')[0]}'", "feature": products["feature_2"][promo_product], "benefit": products["benefit_2"][promo_product]},   # the second: lead with a different feature
]
answer = customers
