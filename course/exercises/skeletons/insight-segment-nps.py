# NPS of the business segment: % promoters (9-10) − % detractors (0-6), among the business members who answered
business = data.keep(answers, "segment", ___)          # which customers?
scored = data.keep(business, "nps", at_least=0)        # only the answers that have an NPS score
promoters = data.share(scored, "nps", [9, 10])         # % scoring 9 or 10
detractors = data.share(scored, "nps", ___)            # which scores make a detractor? a list, e.g. [1, 2, 3]
answer = ___ - ___                                     # which % goes first?
