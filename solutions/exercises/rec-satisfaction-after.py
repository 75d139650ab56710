# Satisfaction after a complaint (1 to 5) over the customers who REPLIED: no reply is not a score of 0
replies = data.count(data.keep("complaints", "satisfaction_after", at_least=1))   # which column holds the score? A reply is 1 to 5
answer = data.total("complaints", "satisfaction_after") / replies   # the scores added up, ÷ the replies or all complaints?
