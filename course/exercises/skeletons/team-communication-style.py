# Which style does the colleague speaking use? Read the words, then the signs in brackets.
answer = ___   # one word, in quotes: "assertive", "passive" or "aggressive"
