# Absence rate for the whole period: of all the hours we planned in the rota, what % were lost to absence?
absent_shifts = data.keep("rota", "absent", ___)   # which shifts were lost?
hours_lost = data.total(___, "hours")               # the hours of which shifts?
hours_rostered = data.total(___, "hours")           # and out of which hours: every shift planned, or only those worked?
answer = ___ / ___ * 100                            # which figure goes on top, and which underneath?
