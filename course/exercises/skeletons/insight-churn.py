# Churn: of the members who bought in the first half (S), the % who did not buy again in the second half
lost_members = ___ - ___                                     # lost: bought in which half, but not in which?
answer = data.count(lost_members) / data.count(___) * 100    # lost ÷ which members: those you started with, or others?
