# A HEAT response to the complaint above: a full sentence in quotes for each step, as you would say it
hear = f"I let the customer explain the {complaint['category']} problem without interrupting, then summarise it back to check I have understood it."
empathise = "That sounds really frustrating, especially when you made a special trip to see us."
apologise = "I am sorry this happened to you; it is not the service we aim to give."
take_action = "I will put this right for you myself today, and I will call you back within 24 hours to check you are happy with the result."
answer = {"hear": hear, "empathise": empathise, "apologise": apologise, "take_action": take_action}
