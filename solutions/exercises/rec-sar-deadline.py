# The request arrived on the day of the most recent complaint; UK GDPR allows one calendar month, not 30 days.
received = data.complaints["received"].max().normalize()
respond_by = received + pd.DateOffset(months=1)   # same day next month (or that month's last day)
answer = respond_by.strftime("%Y-%m-%d")
