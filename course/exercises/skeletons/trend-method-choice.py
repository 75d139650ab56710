# For each question: which method measures exactly that, and why does it fit? (a reason of five words or more)
choices = {
    "visitors per hour on Saturdays since the competitor opened": (___, ___),
    "which product lines have sold fewer units since the competitor opened": (___, ___),
    "whether colleagues greet customers and explain the returns policy": (___, ___),
    "why customers who use both stores choose the competitor": (___, ___),
    "whether customers find the new returns point easy to use": (___, ___),
}
answer = choices
