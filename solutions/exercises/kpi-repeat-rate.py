# Card sales per member who bought (value_counts leaves out sales with no card).
purchases_per_member = data.transactions["customer_id"].value_counts()
answer = course.kpi.repeat_customer_rate(purchases_per_member)
