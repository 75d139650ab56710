# The rule runs the day after your period ends and keeps 183 days: contacts before the cut-off are deleted
run_day = data.end + timedelta(days=1)           # the day after the last day of your period
cutoff = ___ - ___                               # the day the rule runs, less how long it keeps: timedelta(days=...)
deleted_contacts = ___("interactions", cutoff)   # data.before or data.after: which contacts does it delete?
answer = data.count(___)                         # how many contacts is that?
