# For each question: which method measures exactly that, and why does it fit? (a reason of five words or more)
choices = {
    "visitors per hour on Saturdays since the competitor opened": ("footfall counter", "it counts every visitor automatically, hour by hour, without asking anyone"),
    "which product lines have sold fewer units since the competitor opened": ("sales report", "the tills record the units of every line sold, so we can compare the weeks"),
    "whether colleagues greet customers and explain the returns policy": ("mystery shopping", "a shopper sees the service as a customer does and checks it against the standard"),
    "why customers who use both stores choose the competitor": ("questionnaire", "only asking customers tells us their reasons; sales figures cannot show why"),
    "whether customers find the new returns point easy to use": ("questionnaire", "ease is what customers feel, so we ask users an effort question on a 1-7 scale"),
}
answer = choices
