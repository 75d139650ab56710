# The non-verbal signs in brackets, and the words, give the style away.
clues = {
    "calm": "assertive",                 # calm and clear, says what will happen next
    "looks at the floor": "passive",     # avoids the problem, apologises, gives way
    "looks away": "passive",
    "voice raised": "aggressive",        # blames or threatens
    "loud, pointing": "aggressive",
}
answer = next(style for clue, style in clues.items() if clue in exchange)
