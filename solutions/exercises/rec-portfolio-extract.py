# A minimised extract for your portfolio: one row per complaint, and only the columns the analysis needs
pseudonymised = log.anonymised_extract()                                        # the log's extract: pseudonyms instead of names and customer ids
complaint_rows = data.filled(pseudonymised, "complaint_id")                     # one row per complaint: which column is filled in only on a complaint?
timed = data.with_hours(complaint_rows, "received", "resolved")                 # the hours to resolve each complaint: from which time to which?
answer = data.choose(timed, "channel", "category", "severity", "outcome", "hours", "satisfaction_after")   # which columns does the analysis need? No pseudonyms, staff ids or exact times
