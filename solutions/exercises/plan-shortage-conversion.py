# Conversion rate during the staff shortage, its first and last day included
sales_during = data.between("transactions", shortage_start, shortage_end)        # which table has one row per sale, over the shortage days?
footfall_during = data.between(footfall, shortage_start, shortage_end)     # which table counts the people coming in, over the same days?
answer = data.count(sales_during) / data.total(footfall_during, "visitors") * 100   # how many sales, out of how many visitors?
