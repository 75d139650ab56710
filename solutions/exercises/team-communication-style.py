# Which style does the colleague speaking use? Read the words, then the signs in brackets.
# A learner types the one word their exchange shows, e.g. answer = "passive". The model answer reads every store's
# exchange: calm and clear is assertive; looking at the floor or away and giving way is passive; a raised voice,
# blaming or pointing is aggressive.
answer = next(style for clue, style in {"calm": "assertive", "looks at the floor": "passive", "looks away": "passive", "voice raised": "aggressive", "loud, pointing": "aggressive"}.items() if clue in exchange)   # one word, in quotes
