# Late entries as a share of ALL contacts (a rate, so periods and stores can be compared)
late = data.interactions["entered_late"].sum()      # True counts as 1
answer = late / len(data.interactions) * 100
