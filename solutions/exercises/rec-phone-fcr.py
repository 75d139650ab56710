# FCR for phone contacts: resolved at the first contact ÷ ALL phone contacts × 100 (repeat contacts stay in)
phone = data.keep("interactions", "channel", "phone")   # which column says how the customer got in touch, and which value?
answer = data.share(phone, "resolved_first_contact", True)   # which column says it was sorted first time, and which value?
