# Our conversion minus the chain's, this year: total transactions ÷ total footfall × 100 for each
ours = data.keep(with_transactions, "kind", ___)                               # which rows are our own store's?
chain = data.keep(with_transactions, "kind", ___)                              # which are the chain's (not the competitor's)?
our_conversion = data.total(ours, ___) / data.total(ours, ___) * 100           # which total goes on top?
chain_conversion = data.total(chain, "transactions") / data.total(chain, "footfall") * 100
answer = ___ - ___                                                             # which way round? below the chain is negative
