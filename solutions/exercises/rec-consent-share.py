# Consent belongs to people, not to purchases: the share of loyalty MEMBERS who opted in to marketing
members = "customers"                    # which table has one row per loyalty member? Its name, in quotes
answer = data.share(members, "marketing_consent", True)   # which column records their consent, and which value means yes?
