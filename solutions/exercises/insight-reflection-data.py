# Your reflection on this notebook's analysis, with Gibbs' six stages, each in your own words
reflection = {
    "description": f"I put my store's complaints, contacts, comments and mystery-shop results on the four stages of the journey, found the pain point at '{pain_stage}', and wrote a recommendation with a KPI and a baseline.",   # what happened?
    "feelings": "I felt unsure at first because the four sources use different units, and then more confident once two of them pointed to the same stage.",      # thinking and feeling
    "evaluation": "Triangulating went well: the complaints log and a second source agreed, so I trust the finding. It did not go well with the mystery shops, which made only a few visits and said nothing about one stage.",    # what went well, and what did not
    "analysis": "A finding needs triangulation because each source hears from different customers. The mystery shops are a small sample, so their percentages jump about, and the complaints log misses customers who never complain.",      # why, with an idea from the course
    "conclusion": "I learned to check a finding against at least two independent sources before I recommend anything. I could also have read a sample of the survey comments to check the keyword search.",    # what I learned
    "action_plan": "Within 12 weeks I will check my recommendation's KPI every Monday against its baseline, and read 20 survey comments a month to test the keyword search.",   # SMART: a figure and a date
}
answer = reflection
