"""Written evidence for the demo's simulated learners: varied answers to each `evidence:` cell, in their own words.

A learner's answer is good, partial or weak with chances set by their skill: a good answer makes four or five
specific points, a partial one two, a weak one a vague line or nothing at all. Sentences, openers and order are
drawn from per-task banks with a random generator seeded by the learner id and the task, so the same learner
writes the same words on any machine and no two learners hand in the same text. None of it is the notebook's
placeholder or prompt.
"""

from __future__ import annotations

import hashlib
import random
from typing import Any

from course.written import TAG

POINTS = {  # task id: specific points a learner might make (each in different words from the prompt)
    "nb0-noticed": ["Saturdays are clearly our busiest days for sales", "sales dip early in the week",
                    "December stands out with the tallest bars", "one quiet spell lines up with the staff shortage",
                    "takings climb steadily towards the weekend"],
    "nb11-plan-words": ["every objective has an owner, so the team leader checks queue times each shift",
                        "the target is to answer complaints within 48 hours, checked weekly",
                        "if two colleagues are off on a Saturday we call the on-call list",
                        "the returns promise never gives less than the Consumer Rights Act",
                        "it fixes the long wait at the till, the worst pain point on my map"],
    "nb12-plan-words": ["first I matched colleagues to the hourly footfall, one per 25 visitors",
                        "the Saturday lunchtime peak gets an extra person on the tills",
                        "breaks are staggered so the floor is never left short",
                        "when someone phones in sick the supervisor moves a stockroom colleague forward",
                        "the plan stays inside the labour budget and Sunday trading hours"],
    "nb21-decision": ["late entries jumped while we were short-staffed", "most complaints were about delivery delays",
                      "repeat contacts show some problems were not fixed first time",
                      "I would make typing up straight after the call part of every shift",
                      "a weekly look at open complaints would stop them drifting past 48 hours"],
    "nb22-reflection": ["I would brief the team on the commonest complaint category",
                        "I stripped out names and contact details before sharing anything",
                        "keeping only the columns the analysis needed is data minimisation",
                        "pseudonymised data is still personal data, so it stays in my folder",
                        "satisfaction after a refund was higher than after an apology alone"],
    "nb31-scorecard-words": ["first contact resolution is amber because repeat calls are high",
                             "mystery shoppers marked us down on greeting customers",
                             "CSAT and the complaint log tell the same story about queues",
                             "NPS is a score, not a percentage, so I compare it with last quarter",
                             "next I would review the greeting standard at the team huddle"],
    "nb32-evaluation": ["the complaint rate fell after the call-back standard started",
                        "customers told us in comments that call-backs felt more personal",
                        "the shortage ending at the same time means I cannot claim all of it",
                        "I would standardise the call-back and put it in induction training",
                        "next quarter I will watch first contact resolution to see if it holds"],
    "nb33-recovery-words": ["I listened without interrupting and repeated the problem back",
                            "offering a replacement there and then kept the customer's goodwill",
                            "this customer was anxious, so I slowed down and explained each step",
                            "customers whose complaint was fixed rated us higher than those who never complained",
                            "I followed up by phone two days later to check all was well"],
    "nb41-trend-words": ["the moving average shows sales rising into the autumn",
                         "I chose a four-week window because it smooths weekly noise",
                         "the biggest spike matches the promotion in the diary",
                         "one low week lines up with the terminal failure",
                         "two weeks still have no explanation, so I will ask the manager"],
    "nb42-findings-words": ["our conversion trails the chain average on weekdays",
                            "the competitor's opening took some footfall in the final month",
                            "I trust the chain benchmark more than the gossip from customers",
                            "I only used public information, no pretending to be a shopper to get prices",
                            "we should answer with better service at the tills, not a price war"],
    "nb43-limits": ["some segments had fewer than thirty answers, so I would not act on those scores",
                    "only customers who bother to reply are in the survey",
                    "shoppers without a loyalty card are missing from the churn figures",
                    "a questionnaire suits satisfaction, but the till data shows what people really buy",
                    "I would act on the large segments and keep watching the small ones"],
    "nb51-selling-words": ["for a busy parent I would lead with how quick it is to use",
                           "for a keen hobbyist I would talk about how long it lasts",
                           "the dearer model makes sense only when the customer needs the extra feature",
                           "batteries are a natural add-on but rarely sold together",
                           "a display beside the product and a quick mention at the till could lift the attach rate"],
    "nb52-promotion-words": ["I started from what the product does and who needs it",
                             "occasional customers were the target, so email and in-store posters suited them",
                             "the lift looked good until I took off the neighbour's lost sales",
                             "the discount gave away more margin than the extra units earned",
                             "next time a smaller discount and a cross-sell display, measured against the same "
                             "baseline"],
    "nb53-feedback-words": ["customers kept saying on the survey that the queues were too long",
                            "unsolicited comments online said the same thing",
                            "we changed the rota so two tills open from noon, measured by average wait",
                            "the target is under four minutes by the end of next month",
                            "the team was storming during the shortage and norming once cover returned"],
    "nb54-review-words": ["sales per labour hour only means something next to the same days and shifts",
                          "I praised the colleague's first contact resolution in front of the team",
                          "the development area was kept private, in a one-to-one",
                          "we agreed a SMART goal with a date and a way to measure it",
                          "I offered coaching on the tills rather than just pointing at a number"],
}
OPENERS = ["Looking at my store,", "From my figures,", "In my view,", "Honestly,", "To sum up,", "What I found is that"]
VAGUE = ["It went ok I think.", "Service is important for customers.", "Need to do better.", "Good overall.",
         "The data shows some things."]
GENERAL = ["customers come first in our store", "I would talk it through with my manager", "the team agreed"]


def _rng(learner_id: str, task: str) -> random.Random:
    return random.Random(int.from_bytes(hashlib.sha256(f"{learner_id}|written|{task}".encode()).digest()[:8], "big"))


def _sentence(rng: random.Random, point: str) -> str:
    text = f"{rng.choice(OPENERS)} {point}" if rng.random() < 0.4 else point[0].upper() + point[1:]
    return text.rstrip(".") + "."


def answer(learner_id: str, task: str, skill: float) -> str | None:
    """Return the learner's answer for evidence cell `task`, or None when they leave it as it was handed out."""
    rng = _rng(learner_id, task)
    if task.endswith("declaration"):
        return declaration(learner_id, rng) if rng.random() < 0.5 + skill / 2 else None
    points = POINTS.get(task, GENERAL)
    roll = rng.random()
    if roll < skill:  # good: most of the specific points, in the learner's own order
        chosen = rng.sample(points, k=min(len(points), rng.choice([4, 5])))
    elif roll < skill + (1 - skill) * 0.6:  # partial: a couple of points
        chosen = rng.sample(points, k=2)
    else:  # weak: a vague line, or nothing
        return rng.choice(VAGUE) if rng.random() < 0.7 else None
    return " ".join(_sentence(rng, point) for point in chosen)


def declaration(learner_id: str, rng: random.Random) -> str:
    """A signed declaration in the learner's own words, with a date."""
    opening = rng.choice(["I confirm that", "I declare that", "This is to say that"])
    middle = rng.choice(["everything in my workbook and portfolio is my own work",
                         "the answers and portfolio I hand in are written by me",
                         "I did this work myself and wrote it in my own words"])
    help_line = rng.choice(["Where my tutor helped me, I have said so.", "I will say wherever I had help.",
                            "Any help I had is named next to it."])
    return f"{opening} {middle}. {help_line} Signed {learner_id}, {rng.randint(1, 28)} September 2026."


def fill(nb: Any, learner_id: str, skill: float) -> int:
    """Write the learner's answers into the notebook's evidence cells (an nbformat notebook); return how many."""
    written = 0
    for cell in nb.cells:
        if cell.cell_type == "markdown" and any(str(t).startswith(TAG) for t in cell.metadata.get("tags", [])):
            text = answer(learner_id, cell.get("id", ""), skill)
            if text is not None:
                cell.source = text
                written += 1
    return written
