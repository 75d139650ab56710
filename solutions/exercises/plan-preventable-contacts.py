# Stock checks and order-status chases: contacts that telling customers first would prevent.
preventable = data.interactions["reason"].isin(["stock check", "order status"])
answer = preventable.mean() * 100
