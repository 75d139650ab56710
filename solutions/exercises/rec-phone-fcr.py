# FCR for phone contacts: resolved at the first contact ÷ ALL phone contacts × 100 (repeats included)
phone = data.interactions[data.interactions["channel"] == "phone"]
answer = course.kpi.fcr(phone["resolved_first_contact"])
