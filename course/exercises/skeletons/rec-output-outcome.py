# Output counts what the team did; outcome shows what changed for customers. Write "output" or "outcome".
labels = {
    "complaints handled": ___,
    "calls answered": ___,
    "CRM records entered": ___,
    "staff trained on the CRM": ___,
    "satisfaction after a complaint": ___,
    "repeat purchase rate": ___,
    "first contact resolution": ___,
    "Net Promoter Score": ___,
}
answer = labels
