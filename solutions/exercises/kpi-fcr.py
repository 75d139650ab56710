# First contact resolution: of ALL contacts (repeats included), what % were resolved at the first contact?
contacts = data.count("interactions")                                             # which table has one row per customer contact?
resolved = data.count(data.keep("interactions", "resolved_first_contact", True))  # which column says "resolved at the first contact", and which value means yes?
answer = resolved / contacts * 100                                                 # which count goes on top, and which underneath?
