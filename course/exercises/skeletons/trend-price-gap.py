# The average price gap to the local store, as a % of our price
local_checks = data.keep(prices, "competitor", ___)   # which rival's price checks? (its name is in local_store)
answer = data.average(local_checks, ___)              # which column holds each check's gap as a % of our price?
