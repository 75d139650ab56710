# Count complaints by category; sort the names first so that a tie goes to the first alphabetically.
counts = data.complaints["category"].value_counts().sort_index()
answer = counts.idxmax()
