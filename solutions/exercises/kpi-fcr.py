# First contact resolution: contacts resolved at the first contact ÷ ALL contacts (repeats included) × 100.
resolved = data.interactions["resolved_first_contact"]   # False when a repeat came within 7 days
answer = course.kpi.fcr(resolved)                         # same as resolved.sum() / len(resolved) * 100
