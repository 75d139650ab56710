# NPS from the surveys we asked for: % promoters (9–10) − % detractors (0–6).
surveys = data.surveys[data.surveys["solicited"]]
scores = surveys["nps"].dropna()               # one 0–10 "how likely to recommend" score per answer
promoters = (scores >= 9).mean() * 100         # passives (7–8) stay in the total: .mean() divides by all answers
detractors = (scores <= 6).mean() * 100
answer = promoters - detractors                # a plain number from −100 to +100; course.kpi.nps(scores) agrees
