# Each local price check as a % of our price, then the average over all the checks.
local = prices[prices["competitor"] == local_store]
answer = ((local["price"] - local["our_price"]) / local["our_price"] * 100).mean()
