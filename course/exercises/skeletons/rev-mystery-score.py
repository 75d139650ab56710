# Our store's average mystery-shop score: score each visit (points earned ÷ points possible × 100), then average
ours = data.keep("mystery_shops", "store", ___)                          # which store's visits?
earned = data.per(data.keep(ours, "passed", ___), ___, by="visit_id")   # points earned on each visit: the items seen, adding up which column?
possible = data.per(ours, "weight", by=___)                              # points possible: all the weights, on each what?
answer = data.average(___ / ___ * 100)                                   # each visit's score, then their average: which goes on top?
