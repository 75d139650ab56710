# Total transactions ÷ total footfall × 100 for us and for the chain stores together, then ours − theirs.
ours = with_transactions[with_transactions["kind"] == "own store"]
chain = with_transactions[with_transactions["kind"] == "our chain"]
our_conversion = ours["transactions"].sum() / ours["footfall"].sum() * 100
chain_conversion = chain["transactions"].sum() / chain["footfall"].sum() * 100
answer = our_conversion - chain_conversion
