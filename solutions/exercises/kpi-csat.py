# CSAT from the surveys we asked for (solicited), not from online reviews or social-media posts.
surveys = data.surveys[data.surveys["solicited"]]
scores = surveys["csat"].dropna()              # one 1–5 satisfaction score per survey answer
answer = course.kpi.csat(scores)               # answers scoring 4 or 5 ÷ all answers × 100 (not the mean)
