# Output counts what the team did; outcome shows what changed for customers. Write "output" or "outcome".
labels = {
    "complaints handled": "output",
    "calls answered": "output",
    "CRM records entered": "output",
    "staff trained on the CRM": "output",
    "satisfaction after a complaint": "outcome",
    "repeat purchase rate": "outcome",
    "first contact resolution": "outcome",
    "Net Promoter Score": "outcome",
}
answer = labels
