# Our conversion minus the chain's, this year: total transactions ÷ total footfall × 100 for each
ours = data.keep(with_transactions, "kind", "own store")                               # which rows are our own store's?
chain = data.keep(with_transactions, "kind", "our chain")                              # which are the chain's (not the competitor's)?
our_conversion = data.total(ours, "transactions") / data.total(ours, "footfall") * 100           # which total goes on top?
chain_conversion = data.total(chain, "transactions") / data.total(chain, "footfall") * 100
answer = our_conversion - chain_conversion                                                             # which way round? below the chain is negative
