# Read the diary entry for the clue to its stage.
clues = {
    "polite and keen": "forming",        # new people, careful, questions go to the leader
    "had words": "storming",             # conflict over roles, shifts and fairness
    "agreed its own rules": "norming",   # agreed ways of working; the leader still leads
    "ran itself": "performing",          # the team runs itself and beats its targets
    "contracts end": "adjourning",       # the task is over and the team breaks up
}
answer = next(stage for clue, stage in clues.items() if clue in scenario)
