# NPS for the whole period: % promoters − % detractors, from the customers we asked
asked = data.keep("surveys", "solicited", ___)                   # which customers did we actually ask?
scored = data.keep(asked, "nps", at_least=0)                     # only the answers with a 0–10 score (empty ones are left out)
promoters = data.count(data.keep(scored, "nps", at_least=___))   # promoters: from which score up?
detractors = data.count(data.keep(scored, "nps", at_most=___))   # detractors: up to which score?
answer = (___ - ___) / data.count(scored) * 100                  # which group is taken away from which? (passives stay in the total)
