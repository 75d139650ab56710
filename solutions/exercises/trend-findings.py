# Findings from two tools (trend analysis, benchmarking) and the competitor analysis, each linked to service.
ours_now = this_year_rows.loc[this_year_rows["kind"] == "own store", "net_sales"].sum()
ours_then = last_year_rows.loc[last_year_rows["kind"] == "own store", "net_sales"].sum()
our_growth = course.kpi.year_on_year_growth(ours_now, ours_then)
chain_growth = course.kpi.like_for_like_growth(
    this_year_rows[this_year_rows["kind"] == "our chain"].groupby("store")["net_sales"].sum(),
    last_year_rows[last_year_rows["kind"] == "our chain"].groupby("store")["net_sales"].sum())
since = this_year_rows[(this_year_rows["kind"] == "own store") & (this_year_rows["week_start"] >= opening)]
year_before = last_year_rows[(last_year_rows["kind"] == "own store")
                             & last_year_rows["same_week_this_year"].isin(since["week_start"])]
footfall_change = course.kpi.year_on_year_growth(since["footfall"].sum(), year_before["footfall"].sum())
local = prices[prices["competitor"] == local_store]
gap = ((local["price"] - local["our_price"]) / local["our_price"] * 100).mean()

answer = pd.DataFrame([
    {"finding": "Our sales grew at a different pace from the chain's existing stores",
     "evidence": f"{our_growth:+.1f}% year on year for us; {chain_growth:+.1f}% like for like for the chain",
     "tool": "trend analysis (year-on-year and like-for-like)",
     "impact": "A gap to the chain points to something local, so we review service at peak times and the "
               "customer experience that sets us apart",
     "limits": "one year against the last; the chain figures come from head office"},
    {"finding": "Fewer visitors since the competitor opened than in the same weeks last year",
     "evidence": f"{footfall_change:+.1f}% footfall against the same weeks last year; chain stores "
                 f"{chain_change['footfall change (%)']:+.1f}%",
     "tool": "benchmarking against the chain, and competitor analysis",
     "impact": "Each visitor matters more now, so every customer should be greeted and helped quickly, with "
               "no queue over 5 minutes at peak hours",
     "limits": f"only {len(since)} weeks since the opening; last year had other differences too"},
    {"finding": "The local competitor is slightly cheaper on popular lines",
     "evidence": f"average price gap {gap:+.1f}% of our price over {len(local)} price checks",
     "tool": "competitor analysis (public price checks)",
     "impact": "Customers comparing prices need a reason to choose us: staff advice, easy returns and "
               "loyalty rewards, not a store-wide price cut",
     "limits": "six popular lines only, public shelf prices checked weekly as an ordinary customer"},
])
answer
