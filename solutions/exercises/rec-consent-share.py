# Consent belongs to people: the share of loyalty MEMBERS who opted in (True counts as 1, False as 0).
answer = data.customers["marketing_consent"].mean() * 100
