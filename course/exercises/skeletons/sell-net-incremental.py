# Net incremental units = the promoted product's incremental units − the units its neighbour lost
incremental = ___ - ___        # the promoted product's, from your figures above: which comes off which?
neighbour_lost = ___ - ___     # the neighbour's, from your figures above
answer = ___ - ___
