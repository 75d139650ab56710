# CSAT of the business segment, then its margin of error from the number of business answers.
business_csat = answers.loc[answers["segment"] == "business", "csat"].dropna()
csat = course.kpi.csat(business_csat)
answer = course.kpi.margin_of_error(csat, len(business_csat))
