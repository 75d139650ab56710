# Customer Effort Score for the whole period: the mean answer on the 1–7 scale, from the customers we asked
asked = data.keep("surveys", "solicited", True)   # which customers did we actually ask?
answer = data.average(asked, "ces")               # the average of which column? (empty scores are left out)
