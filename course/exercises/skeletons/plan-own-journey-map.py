# Your customer journey map: a touchpoint in every stage, each a moment of truth or not; then a pain point from your data
touchpoints = [
    {"stage": "Find out", "touchpoint": ___, "moment_of_truth": ___},           # what does the customer do here? True or False
    {"stage": "Arrive and choose", "touchpoint": ___, "moment_of_truth": ___},  # does it shape their view most? True or False
    {"stage": "Pay", "touchpoint": ___, "moment_of_truth": ___},
    {"stage": "After the visit", "touchpoint": ___, "moment_of_truth": ___},
]
pain_points = [
    {"stage": ___, "pain_point": ___, "category": ___, "figure": ___, "improvement": ___},   # where do customers struggle? which category, what count, what fix?
]
answer = {"touchpoints": touchpoints, "pain_points": pain_points}
