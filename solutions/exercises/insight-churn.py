# S: members who bought in the first half; lost: those of them who did not buy in the second half.
lost_members = first_half_buyers - second_half_buyers
answer = course.kpi.churn_rate(len(lost_members), len(first_half_buyers))
retention = course.kpi.retention_rate(len(first_half_buyers), len(second_half_buyers),
                                      len(second_half_buyers - first_half_buyers))   # check: churn + retention = 100
