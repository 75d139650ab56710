# Keep only the hours whose day falls in the shortage (both ends included), then average the queue.
footfall_during = footfall[in_dates(footfall["timestamp"], shortage_start, shortage_end)]
answer = footfall_during["queue_minutes"].mean()
