# Churn: of the members who bought in the first half (S), the % who did not buy again in the second half
lost_members = first_half_buyers - second_half_buyers                   # lost: bought in which half, but not in which?
answer = data.count(lost_members) / data.count(first_half_buyers) * 100  # lost ÷ which members: those you started with, or others?
