# FCR of one colleague: of ALL the contacts they handled (repeats included), the % resolved first time.
their_contacts = data.interactions[data.interactions["handled_by"] == colleague]
answer = course.kpi.fcr(their_contacts["resolved_first_contact"])
