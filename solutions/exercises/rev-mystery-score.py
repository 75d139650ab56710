# Our store's average mystery-shop score: score each visit (points earned ÷ points possible × 100), then average
ours = data.keep("mystery_shops", "store", "Our store")                          # which store's visits?
earned = data.per(data.keep(ours, "passed", True), "weight", by="visit_id")     # points earned on each visit: the items seen, adding up which column?
possible = data.per(ours, "weight", by="visit_id")                               # points possible: all the weights, on each what?
answer = data.average(earned / possible * 100)                                   # each visit's score, then their average: which goes on top?
