# CSAT for the whole period: of the customers we asked, what % were satisfied (a 4 or 5 out of 5)?
asked = data.keep("surveys", "solicited", ___)        # which customers did we actually ask: True or False?
scored = data.keep(asked, "csat", at_least=1)         # only the answers with a 1–5 score (empty ones are left out)
satisfied = data.keep(scored, "csat", at_least=___)   # which scores count as satisfied?
answer = data.count(___) / data.count(___) * 100      # which group goes on top, and which underneath?
