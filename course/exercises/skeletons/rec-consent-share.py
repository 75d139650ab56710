# Consent belongs to people, not to purchases: the share of loyalty MEMBERS who opted in to marketing
members = ___                            # which table has one row per loyalty member? Its name, in quotes
answer = data.share(members, ___, ___)   # which column records their consent, and which value means yes?
