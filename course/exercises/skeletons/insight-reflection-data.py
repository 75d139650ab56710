# Your reflection on this notebook's analysis, with Gibbs' six stages, each in your own words
reflection = {
    "description": ___,   # what happened? the facts: who, what, when
    "feelings": ___,      # what were you thinking and feeling at the time?
    "evaluation": ___,    # what went well, and what did not? name one of each
    "analysis": ___,      # why did it go that way? link it to an idea from the course
    "conclusion": ___,    # what have you learned, and what else could you have done?
    "action_plan": ___,   # what will you do next time? specific, with a figure to reach and a date
}
answer = reflection
