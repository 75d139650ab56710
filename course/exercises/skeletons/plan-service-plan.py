# Your service plan: one row per objective, from your own figures, each with a measure, target, owner, timing and contingency
row_1 = {"objective": ___, "measure": ___, "target": ___, "owner": ___, "timing": ___, "contingency": ___}   # e.g. the 48-hour SLA
row_2 = {"objective": ___, "measure": ___, "target": ___, "owner": ___, "timing": ___, "contingency": ___}   # e.g. the contacts proactive service prevents
row_3 = {"objective": ___, "measure": ___, "target": ___, "owner": ___, "timing": ___, "contingency": ___}   # e.g. your top complaint
answer = pd.DataFrame([row_1, row_2, row_3])   # the rows as a table: add row_4 and more if you like
