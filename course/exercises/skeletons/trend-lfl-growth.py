# Like-for-like growth of the other stores in our chain: only the stores with sales in both years count
chain_now = data.keep(this_year_rows, "kind", ___)              # which rows are the other stores of our chain?
chain_before = data.keep(last_year_rows, "kind", ___)           # and the same weeks last year?
like_for_like_now = data.keep(chain_now, "store", ___)          # which stores traded in both years? a list, e.g. ["A", "B"]
answer = data.change(data.total(chain_before, ___), data.total(like_for_like_now, ___))   # last year first, then this year
