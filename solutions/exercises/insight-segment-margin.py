# The margin of error of the business segment's CSAT: from its CSAT and how many business customers answered
business = data.keep(answers, "segment", "business")
rated = data.keep(business, "csat", at_least=1)        # only the answers that have a CSAT score
csat = data.share(rated, "csat", [4, 5])                  # CSAT: the % scoring which scores?
answered = data.count(rated)                             # n: how many business customers answered (not how many are members)?
answer = course.kpi.margin_of_error(csat, answered)
