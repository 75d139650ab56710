# Which stage does the diary entry show? How do people behave with each other, and how much does the leader direct them?
answer = ___   # one stage, in quotes: "forming", "storming", "norming", "performing" or "adjourning"
