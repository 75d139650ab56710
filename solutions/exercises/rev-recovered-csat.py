# Recovered well: resolved within 48 hours, a real remedy (not "no further action") and a reply to the follow-up.
hours = (data.complaints["resolved"] - data.complaints["received"]).dt.total_seconds() / 3600
recovered_well = data.complaints[(hours <= 48)
                                 & (data.complaints["outcome"] != "no further action")
                                 & data.complaints["satisfaction_after"].notna()]
answer = course.kpi.csat(recovered_well["satisfaction_after"])
