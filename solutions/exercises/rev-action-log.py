# The review meeting's action points: each with an owner, a due date, a measure of success and a status.
answer = pd.DataFrame([
    {"action": "Write the 24-hour call-back standard and the returns point into the service standards "
               "and the induction checklist",
     "owner": "Store manager", "due": review_date + pd.Timedelta(weeks=2),
     "measure": "% of complaints resolved within 48 hours stays at or above the level since the change",
     "status": "not started"},
    {"action": f"Find the causes of complaints about '{next_focus}' and agree a fix with the team",
     "owner": "Assistant manager", "due": review_date + pd.Timedelta(weeks=4),
     "measure": f"'{next_focus}' complaints per 1,000 transactions, compared at the next review",
     "status": "not started"},
    {"action": "Text customers when their order is ready and check stock of best-sellers before each "
               "weekend (proactive)",
     "owner": "Customer service team leader", "due": review_date + pd.Timedelta(weeks=6),
     "measure": "Share of CRM contacts that are stock checks or order chases",
     "status": "not started"},
    {"action": "Call back every complaint that missed the 48-hour window and brief the team on the fix",
     "owner": "Duty team leader", "due": review_date + pd.Timedelta(weeks=1),
     "measure": "CSAT after complaints (% scoring 4 or 5)",
     "status": "not started"},
])
