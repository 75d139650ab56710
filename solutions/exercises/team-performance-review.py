# A constructive review: an achievement and a development area, each with evidence, a SMART goal and support.
me = per_colleague.loc[colleague]
fcr_lead = me["FCR (%)"] - store_fcr              # points above (+) or below (-) the store
splh_lead = me["SPLH index (same days)"] - 100    # % above (+) or below (-) the store on the same days
fcr_evidence = f"FCR of {me['FCR (%)']:.1f}% on {me['contacts']:.0f} contacts, against {store_fcr:.1f}% for the store"
splh_evidence = (f"sales per labour hour at {me['SPLH index (same days)']:.0f}% of the store's on the same days, "
                 f"over {me['hours worked']:.0f} hours worked")
caveat = "; a gap this size can be chance, so I will observe two shifts before we decide it is real"
if fcr_lead >= splh_lead:   # recognise the stronger measure, develop the other
    achievement = "Customers' queries are usually sorted at the first contact, so few have to come back to us."
    achievement_evidence = fcr_evidence
    development_area = "Building sales at the till: suggesting a relevant extra item when it helps the customer."
    development_evidence = splh_evidence + caveat
    smart_goal = (f"Raise your sales per labour hour from {me['SPLH index (same days)']:.0f}% to "
                  f"{max(me['SPLH index (same days)'], 100) + 3:.0f}% of the store's on the same days within "
                  "12 weeks, checked at our monthly one-to-one.")
    support = ("I will coach you on the shop floor: we will practise open questions and linked suggestions "
               "together, I will observe two of your shifts and give feedback, and you can shadow a "
               "colleague for a morning.")
else:
    achievement = "You keep the tills moving: your sales per labour hour keep pace with the store on your days."
    achievement_evidence = splh_evidence
    development_area = "Resolving more contacts at the first contact, so customers do not need to come back."
    development_evidence = fcr_evidence + caveat
    smart_goal = (f"Raise your first contact resolution from {me['FCR (%)']:.1f}% to "
                  f"{max(me['FCR (%)'], store_fcr) + 3:.1f}% within 12 weeks, checked at our monthly one-to-one.")
    support = ("I will coach you on the returns and refunds process, observe two of your phone and in-store "
               "contacts each week for a month, and pair you with a colleague on the returns point.")

answer = {
    "colleague": colleague,
    "achievement": achievement,
    "achievement_evidence": achievement_evidence,
    "development_area": development_area,
    "development_evidence": development_evidence,
    "smart_goal": smart_goal,
    "support": support,
}
