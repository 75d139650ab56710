# A constructive one-to-one review for `colleague`: an achievement and a development area, each with evidence,
# a SMART goal and the support you will give. Replace each ___ with your words, in quotes.
# (A learner types their figures from the table above; the model answer reads them so that it fits every store.)
review_points = {
    "colleague": colleague,
    "achievement": "You take more customer contacts than anyone else in the team, so customers get their answers from you more than from anyone.",            # something they do well, in a sentence
    "achievement_evidence": f"{contacts_handled[colleague]:,} contacts handled in the period, the most in the team (interactions log)",   # the figure or observation that shows it
    "development_area": "Resolving more contacts at the first contact, so customers do not need to come back.",       # one thing to develop, in a sentence
    "development_evidence": f"FCR of {snapshot[colleague]['FCR (%)']:.1f}% on {contacts_handled[colleague]:,} contacts, against {store_fcr:.1f}% for the store; a few points either way can be chance, so I will observe two shifts before we decide it is a pattern",   # the figure or observation behind it, and how strong it is
    "smart_goal": f"Raise your first contact resolution from {snapshot[colleague]['FCR (%)']:.1f}% to {max(snapshot[colleague]['FCR (%)'], store_fcr) + 3:.1f}% within 12 weeks, checked at our monthly one-to-one.",             # a SMART goal for it: a measure, a number to reach and a deadline
    "support": "I will coach you on the returns and refunds process, observe two of your contacts each week for a month, and pair you with a colleague on the returns point.",                # the coaching, training or other support you will give
}
answer = review_points
