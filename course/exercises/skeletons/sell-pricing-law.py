# For each situation, the rule written for exactly it: "DMCC Act 2024", "CTSI pricing guidance",
# "the ASA's CAP Code" or "England's HFSS promotion rules". Replace each ___ with one, in quotes.
rules = {
    "was_now_label": ___,
    "advert_claim": ___,
    "checkout_fee": ___,
    "staff_reviews": ___,
    "multibuy_offer": ___,
}
answer = rules
