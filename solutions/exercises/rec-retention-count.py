# The rule runs the day after your period ends and keeps 183 days: contacts before the cut-off are deleted
run_day = data.end + timedelta(days=1)           # the day after the last day of your period
cutoff = run_day - timedelta(days=183)           # the day the rule runs, less how long it keeps: timedelta(days=...)
deleted_contacts = data.before("interactions", cutoff)   # data.before or data.after: which contacts does it delete?
answer = data.count(deleted_contacts)            # how many contacts is that?
