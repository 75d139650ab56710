# The mean of the last four full weeks: the 4-week moving average at the end of the data.
answer = weekly_sales.rolling(4).mean().iloc[-1]
