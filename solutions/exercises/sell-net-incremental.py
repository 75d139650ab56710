# Net incremental units = the promoted product's incremental units − the units its neighbour lost
incremental = actual - baseline        # the promoted product's, from your figures above: which comes off which?
neighbour_lost = neighbour_baseline - neighbour_actual     # the neighbour's, from your figures above
answer = incremental - neighbour_lost
