# Contacts that telling customers first could prevent: the % of all contacts that were stock checks or order chases
answer = data.share("interactions", "reason", ["stock check", "order status"])   # which table logs every contact? which column says why? which two reasons?
