# The change in the complaint rate, in %, measured against where you started
rate_before = complaints_before / sales_before * 1000   # the rate before, from your counts in the first exercise
rate_after = complaints_after / sales_after * 1000      # the rate from the change on, from your counts in the second
answer = data.change(___, ___)                          # which rate is where you started (old), and which is new?
