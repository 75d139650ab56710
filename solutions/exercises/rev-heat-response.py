# A HEAT response to the complaint picked above, with a specific, timed action that fits its category.
actions = {
    "queue or wait time": "I will open another till and serve you myself right now, and I will raise "
                          "Saturday till cover with the store manager today.",
    "staff attitude": "I will pass this to the store manager today, and they will call you back within "
                      "24 hours to tell you what has been done.",
    "product quality": "I will give you a full refund or a replacement now, whichever you prefer, and "
                       "report the fault to our buying team today.",
    "refund or return": "I will process your refund now and email you a confirmation today; it will "
                        "reach your account within 5 working days.",
    "pricing or promotion": "I will refund the difference to you now and have the shelf label corrected "
                            "within the hour.",
    "availability": "I will order it in for you now and call you within 2 days when it arrives, or "
                    "reserve one at our nearest store today.",
}
answer = {
    "hear": f"I let the customer explain the {complaint['category']} problem without interrupting, then "
            "summarise it back to check I have understood it.",
    "empathise": "That sounds really frustrating, especially when you made a special trip to see us.",
    "apologise": "I am sorry this happened to you; it is not the service we aim to give.",
    "take_action": actions.get(complaint["category"],
                               "I will sort this out for you personally and call you back within 24 hours."),
}
