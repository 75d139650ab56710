# The average queue at the tills during the staff shortage, its first and last day included
footfall_during = data.between(footfall, shortage_start, shortage_end)   # which table has the queue of each hour, from which day to which day?
answer = data.average(footfall_during, "queue_minutes")                 # the average of which column, over which rows?
