# Which stage does the diary entry show? How do people behave with each other, and how much does the leader direct them?
# A learner types the one stage their entry shows, e.g. answer = "storming". The model answer reads every store's entry:
# "polite and keen" is forming, "had words" storming, "agreed its own rules" norming, "ran itself" performing and
# "contracts end" adjourning.
answer = next(stage for clue, stage in {"polite and keen": "forming", "had words": "storming", "agreed its own rules": "norming", "ran itself": "performing", "contracts end": "adjourning"}.items() if clue in scenario)   # one stage, in quotes
