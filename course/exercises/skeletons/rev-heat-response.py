# A HEAT response to the complaint above: a full sentence in quotes for each step, as you would say it
hear = ___          # what do you say to show you have heard the whole story?
empathise = ___     # how do you show you understand how the customer feels?
apologise = ___     # say sorry plainly, with no excuses
take_action = ___   # exactly what will you do, and by when (today, within 24 hours ...)?
answer = {"hear": hear, "empathise": empathise, "apologise": apologise, "take_action": take_action}
