# Both rates again, then the change measured against the starting (before) rate.
before = course.kpi.complaint_rate((data.complaints["received"] < improvement_date).sum(),
                                   (data.transactions["timestamp"] < improvement_date).sum())
after = course.kpi.complaint_rate((data.complaints["received"] >= improvement_date).sum(),
                                  (data.transactions["timestamp"] >= improvement_date).sum())
answer = (after - before) / before * 100
