# Non-replies are empty (NaN): .mean() leaves them out, which is right. Never .fillna(0) first.
answer = data.complaints["satisfaction_after"].mean()
