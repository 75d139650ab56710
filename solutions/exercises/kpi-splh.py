# Sales per labour hour: net sales ÷ hours actually WORKED (shifts marked absent were not worked).
worked_shifts = data.rota[~data.rota["absent"]]
answer = course.kpi.sales_per_labour_hour(data.transactions["net_value"].sum(), worked_shifts["hours"].sum())
