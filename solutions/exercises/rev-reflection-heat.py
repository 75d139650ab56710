# Your reflection on the complaint-heat conversation, with Gibbs' six stages, each in your own words
reflection = {
    "description": "A customer complained to me about a problem with her visit. I listened to her story, chose my replies one at a time and agreed with her what would happen next.",   # what happened?
    "feelings": "At first I felt nervous and wanted to defend the store, and I was worried about saying the wrong thing while she was upset.",      # thinking and feeling
    "evaluation": "Listening without interrupting went well, and she calmed down once I summarised her problem. It did not go well when I apologised before I understood the problem, so my first apology sounded empty.",    # what went well, and what did not
    "analysis": "Using HEAT in order matters: hearing the whole story first makes the apology believable. A complaint is a moment of truth, so the customer judged the whole store by how I handled it.",      # why, with an idea from the course
    "conclusion": "I learned to hear the whole complaint before I apologise or offer a fix. I could also have told her exactly when I would call her back.",    # what I learned
    "action_plan": "For my next 5 complaints I will summarise the problem back before apologising, and give a call-back time, checking my notes with my manager by the end of next month.",   # SMART: a figure and a date
}
answer = reflection
