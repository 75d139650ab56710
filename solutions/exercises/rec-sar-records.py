# Everything held on the busiest member who has complained: the number of their contacts PLUS their complaints
complainers = data.ids("complaints", "customer_id")                             # which table tells you who has complained?
complainers_contacts = data.keep("interactions", "customer_id", complainers)    # keep the contacts of which customers?
busiest = data.highest(data.per(complainers_contacts, by="customer_id", how="count"))   # count the contacts of each what? (on a tie, the lowest id)
contacts = data.count(data.keep("interactions", "customer_id", busiest))        # the busiest member's contacts
complaints = data.count(data.keep("complaints", "customer_id", busiest))        # which other table holds records about them?
answer = contacts + complaints                                                  # everything held on them: which figures add up to it?
