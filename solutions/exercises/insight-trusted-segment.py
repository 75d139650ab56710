# CSAT, answers and margin of error for each segment; keep the solid ones; take the lowest CSAT.
rows = []
for segment, csat_scores in answers.dropna(subset=["csat"]).groupby("segment")["csat"]:
    csat = course.kpi.csat(csat_scores)
    rows.append({"segment": segment, "answers": len(csat_scores), "csat": csat,
                 "margin": course.kpi.margin_of_error(csat, len(csat_scores))})
segment_csat = pd.DataFrame(rows)
solid = segment_csat[(segment_csat["answers"] >= 30) & (segment_csat["margin"] <= 10)]
answer = solid.sort_values(["csat", "segment"])["segment"].iloc[0] if len(solid) else "none"
