# CSAT after a complaint recovered well: resolved within 48 hours, with a real remedy, and the customer replied
timed = data.with_hours("complaints", "received", "resolved")         # each complaint with its hours from received to resolved
quick = data.keep(timed, "hours", at_most=___)                        # resolved within how many hours? (an open one has no hours)
remedied = data.leave_out(quick, "outcome", ___)                      # which outcome is no real remedy?
answered = data.filled(remedied, ___)                                 # which column holds the customer's reply to the follow-up?
satisfied = data.keep(answered, "satisfaction_after", at_least=___)   # which scores count as satisfied?
answer = data.count(___) / data.count(___) * 100                      # which group goes on top, and which underneath?
