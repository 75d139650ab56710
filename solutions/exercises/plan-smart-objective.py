# A SMART objective on the complaint rate, written from this store's own starting figure.
rate_now = course.kpi.complaint_rate(len(data.complaints), len(data.transactions))
rate_target = rate_now * 0.85  # a 15% cut: a stretch the team can reach
answer = (f"Cut the complaint rate from {rate_now:.1f} to {rate_target:.1f} complaints per 1,000 transactions "
          "within 12 weeks, with the assistant manager reviewing the complaints log at every Monday team meeting.")
