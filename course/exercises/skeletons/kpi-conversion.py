# Conversion rate for the whole period: of everyone who came in, what share bought something?
visitors = data.total("footfall", ___)   # which column counts the people coming in?
sales = data.count(___)                  # which table has one row per sale?
answer = ___ / ___ * 100                 # which figure goes on top, and which underneath?
