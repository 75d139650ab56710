# A complaint with no resolved time is still open: count them (each is a customer waiting)
answer = data.complaints["resolved"].isna().sum()
