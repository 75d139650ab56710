# NPS for the whole period: % promoters − % detractors, from the customers we asked
asked = data.keep("surveys", "solicited", True)                 # which customers did we actually ask?
scored = data.keep(asked, "nps", at_least=0)                    # only the answers with a 0–10 score (empty ones are left out)
promoters = data.count(data.keep(scored, "nps", at_least=9))    # promoters: from which score up?
detractors = data.count(data.keep(scored, "nps", at_most=6))    # detractors: up to which score?
answer = (promoters - detractors) / data.count(scored) * 100    # which group is taken away from which? (passives stay in the total)
