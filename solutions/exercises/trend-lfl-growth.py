# Like-for-like growth of the other stores in our chain: only the stores with sales in both years count
chain_now = data.keep(this_year_rows, "kind", "our chain")              # which rows are the other stores of our chain?
chain_before = data.keep(last_year_rows, "kind", "our chain")           # and the same weeks last year?
like_for_like_now = data.keep(chain_now, "store", ["High Street East", "Northgate", "Riverside"])          # which stores traded in both years? a list, e.g. ["A", "B"]
answer = data.change(data.total(chain_before, "net_sales"), data.total(like_for_like_now, "net_sales"))   # last year first, then this year
