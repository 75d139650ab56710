# A service plan built from this store's own figures: every row has a measure, target, owner, timing
# and contingency.
hours = (data.complaints["resolved"] - data.complaints["received"]).dt.total_seconds() / 3600
sla_now = (hours <= 48).sum() / len(data.complaints) * 100
preventable_now = data.interactions["reason"].isin(["stock check", "order status"]).mean() * 100
top_complaint = data.complaints["category"].value_counts().sort_index().idxmax()
csat_now = course.kpi.csat(data.surveys.loc[data.surveys["solicited"], "csat"].dropna())

answer = pd.DataFrame([
    {"objective": "Resolve complaints within 48 hours",
     "measure": "% of all complaints resolved within 48 hours (complaints log; open ones count as not met)",
     "target": f"{sla_now:.0f}% now, 90% within 12 weeks",
     "owner": "Assistant manager",
     "timing": "Starts next Monday; open complaints checked daily; reviewed after 12 weeks",
     "contingency": "If the service desk is short-staffed, a team leader makes the call-backs that day"},
    {"objective": "Tell customers about stock and orders before they have to ask",
     "measure": "% of contacts that are stock checks or order-status chases (CRM log)",
     "target": f"{preventable_now:.0f}% now, {preventable_now - 5:.0f}% within 12 weeks",
     "owner": "Customer service team leader",
     "timing": "Order texts live in 4 weeks; live stock on the website in 8 weeks; reviewed monthly",
     "contingency": "If the texts fail, advisors ring customers whose orders are late each morning"},
    {"objective": f"Reduce complaints about {top_complaint}",
     "measure": f"Complaints in the '{top_complaint}' category per month (complaints log)",
     "target": "Down by a quarter within 12 weeks",
     "owner": "Store manager",
     "timing": "Action plan agreed at the next team meeting; checked monthly",
     "contingency": "If the count does not fall after 6 weeks, review the complaint notes with the team"},
    {"objective": "Raise customer satisfaction with today's visit",
     "measure": "CSAT (% of survey answers scoring 4 or 5)",
     "target": f"{csat_now:.0f}% now, {min(csat_now + 4, 95):.0f}% within 12 weeks",
     "owner": "Customer service team leader",
     "timing": "Checked weekly at the Monday team meeting; reviewed after 12 weeks",
     "contingency": "If scores drop at the Saturday peak, stockroom colleagues move to the floor and tills"},
])
