# One SMART objective as a sentence in quotes, on a measure other than CSAT, starting from your figure above:
# what moves, from where to where, by when, and who owns it? (Here the complaint rate, from this store's own figure.)
answer = f"Cut the complaint rate from {baseline['Complaints per 1,000 transactions']:.1f} to {baseline['Complaints per 1,000 transactions'] * 0.85:.1f} complaints per 1,000 transactions within 12 weeks, with the assistant manager reviewing the complaints log at every Monday team meeting."
