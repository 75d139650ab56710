# For each situation, the rule written for exactly it: "DMCC Act 2024", "CTSI pricing guidance",
# "the ASA's CAP Code" or "England's HFSS promotion rules". Replace each ___ with one, in quotes.
rules = {
    "was_now_label": "CTSI Guidance for Traders on Pricing Practices",
    "advert_claim": "The ASA's CAP Code",
    "checkout_fee": "DMCC Act 2024 (drip pricing)",
    "staff_reviews": "DMCC Act 2024 (fake reviews)",
    "multibuy_offer": "England's HFSS promotion rules",
}
answer = rules
