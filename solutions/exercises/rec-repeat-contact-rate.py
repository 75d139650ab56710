# A repeat contact has a repeat_of link to the earlier contact; count each repeat once
repeats = data.interactions["repeat_of"].notna().sum()
answer = repeats / len(data.interactions) * 100
