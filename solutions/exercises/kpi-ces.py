# Customer Effort Score: the mean agreement on the 1–7 scale (higher is better), solicited surveys only.
surveys = data.surveys[data.surveys["solicited"]]
answer = course.kpi.ces(surveys["ces"].dropna())
