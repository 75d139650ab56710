# Late entries as a share of ALL contacts: a rate, so months and stores can be compared
all_contacts = data.count("interactions")                # which table has one row per customer contact?
late = data.count(data.keep("interactions", "entered_late", True))   # which column flags a late entry, and which value?
answer = late / all_contacts * 100                       # which figure goes on top, and which underneath?
