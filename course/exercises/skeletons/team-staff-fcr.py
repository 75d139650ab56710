# First contact resolution of `colleague`: of ALL the contacts they handled (repeats included), what % were sorted first time?
their_contacts = data.keep("interactions", ___, colleague)           # which column says who handled each contact?
answer = data.share(their_contacts, "resolved_first_contact", ___)   # sorted at the first contact: True or False?
