# Your customer journey map: a touchpoint in every stage, each a moment of truth or not; then a pain point from your data
touchpoints = [
    {"stage": "Find out", "touchpoint": "Checks opening times and stock on the website or by phone", "moment_of_truth": False},
    {"stage": "Arrive and choose", "touchpoint": "Asks a colleague on the floor for help to choose", "moment_of_truth": True},
    {"stage": "Pay", "touchpoint": "Queues and pays at the till", "moment_of_truth": True},
    {"stage": "After the visit", "touchpoint": "Returns or exchanges an item", "moment_of_truth": True},
]
pain_points = [
    {"stage": "Pay", "pain_point": "Customers wait too long at the till at busy times", "category": "queue or wait time", "figure": complaints["queue or wait time"], "improvement": "Open a second till whenever more than three customers are waiting, with a colleague named for it on every rota"},
]
answer = {"touchpoints": touchpoints, "pain_points": pain_points}
