# Conversion rate during the staff shortage, its first and last day included
sales_during = data.between(___, ___, ___)        # which table has one row per sale, over the shortage days?
footfall_during = data.between(___, ___, ___)     # which table counts the people coming in, over the same days?
answer = data.count(___) / data.total(___, ___) * 100   # how many sales, out of how many visitors?
