# Conversion rate for the whole period: of everyone who came in, what share bought something?
visitors = data.total("footfall", "visitors")   # which column counts the people coming in?
sales = data.count("transactions")                  # which table has one row per sale?
answer = sales / visitors * 100                 # which figure goes on top, and which underneath?
