# A constructive one-to-one review for `colleague`: an achievement and a development area, each with evidence,
# a SMART goal and the support you will give. Replace each ___ with your words, in quotes.
review_points = {
    "colleague": colleague,
    "achievement": ___,            # something they do well, in a sentence
    "achievement_evidence": ___,   # the figure or observation that shows it
    "development_area": ___,       # one thing to develop, in a sentence
    "development_evidence": ___,   # the figure or observation behind it, and how strong it is
    "smart_goal": ___,             # a SMART goal for it: a measure, a number to reach and a deadline
    "support": ___,                # the coaching, training or other support you will give
}
answer = review_points
