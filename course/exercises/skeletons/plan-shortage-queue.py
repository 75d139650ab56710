# The average queue at the tills during the staff shortage, its first and last day included
footfall_during = data.between(___, ___, ___)   # which table has the queue of each hour, from which day to which day?
answer = data.average(___, ___)                 # the average of which column, over which rows?
