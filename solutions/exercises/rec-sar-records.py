# The busiest member who has complained: most contacts among members with a complaint; ties -> lowest id.
complained = data.complaints["customer_id"].dropna().unique()
contacts_per_member = data.interactions["customer_id"].value_counts()
contacts_per_member = contacts_per_member[contacts_per_member.index.isin(complained)]
busiest = contacts_per_member[contacts_per_member == contacts_per_member.max()].sort_index().index[0]

# A subject access request covers everything held: their contacts AND their complaints.
their_contacts = (data.interactions["customer_id"] == busiest).sum()
their_complaints = (data.complaints["customer_id"] == busiest).sum()
answer = their_contacts + their_complaints
