# Two customers with different needs: for each, what they told you, the feature of PR01's product that meets it,
# and what that feature does for them. Replace each ___ with your words, in quotes.
customers = [
    {"customer_says": ___, "feature": ___, "benefit": ___},   # the first customer
    {"customer_says": ___, "feature": ___, "benefit": ___},   # the second: lead with a different feature
]
answer = customers
