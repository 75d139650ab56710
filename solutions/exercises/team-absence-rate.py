# Absence rate for the whole period: of all the hours we planned in the rota, what % were lost to absence?
absent_shifts = data.keep("rota", "absent", True)   # which shifts were lost?
hours_lost = data.total(absent_shifts, "hours")               # the hours of which shifts?
hours_rostered = data.total("rota", "hours")           # and out of which hours: every shift planned, or only those worked?
answer = hours_lost / hours_rostered * 100                            # which figure goes on top, and which underneath?
