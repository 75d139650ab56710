# How many other stores have a higher average visit score than ours? Every visit is out of the same 100 points,
# so a store's average visit score is its points earned on all its visits ÷ its points possible × 100
earned = data.per(data.keep("mystery_shops", "passed", ___), ___, by=___)   # points earned: the items seen, adding up which column, per what?
possible = data.per("mystery_shops", "weight", by=___)                      # points possible: all the weights, per what?
averages = ___ / ___ * 100                                                  # each store's average visit score: which goes on top?
answer = data.rank(___, ___) - 1                                            # our place (1 is the top), less 1: in which per-table, and which store is ours?
