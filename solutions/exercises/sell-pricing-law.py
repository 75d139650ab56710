# The rule written for each situation.
answer = {
    "was_now_label": "CTSI Guidance for Traders on Pricing Practices",
    "advert_claim": "The ASA's CAP Code",
    "checkout_fee": "DMCC Act 2024 (drip pricing)",
    "staff_reviews": "DMCC Act 2024 (fake reviews)",
    "multibuy_offer": "England's HFSS promotion rules",
}
