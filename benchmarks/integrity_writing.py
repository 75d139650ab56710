"""Simulated written evidence for measuring the shared-prose threshold (benchmarks/bench_integrity.py).

Honest learners answer the same three prompts independently. Each writes one sentence for most of a
prompt's points, choosing among several wordings of each point, in their own order now and then, with
their own store's figures and a few words of their own. Two honest learners therefore share whole
sentences more often than real learners do: a hard case for false positives. Copiers take another
learner's text and hand it in exactly, with its sentences reordered, or lightly edited (a few words
swapped, a sentence added). Everything is seeded from the learner id.
"""

from __future__ import annotations

import hashlib
import random

PROMPTS: dict[str, list[list[str]]] = {
    "complaint": [
        ["A customer complained that {item} was faulty after {n} days.",
         "The customer came back to the till because the {item} they bought had stopped working.",
         "Last week I dealt with a complaint about a broken {item}.",
         "Someone returned a {item} that had a fault, and they were upset about it."],
        ["I listened without interrupting and let them explain what had happened.",
         "First I let the customer tell me the whole story and did not cut in.",
         "I stayed calm, kept eye contact and heard them out.",
         "I gave them time to explain and nodded so they knew I was listening."],
        ["I said sorry for the trouble and that I understood why they were annoyed.",
         "I apologised and acknowledged how frustrating it must have been.",
         "I told them I was sorry the product had let them down.",
         "An apology came first, then I repeated the problem back to check I had it right."],
        ["Under the Consumer Rights Act they were within 30 days, so I offered a full refund.",
         "Because it was inside the short-term right to reject, I gave them their money back.",
         "They had the right to reject it, so a refund was the fair outcome.",
         "I explained their rights and they chose a refund rather than a repair."],
        ["I logged the complaint in the system with the reference {ref}.",
         "Afterwards I recorded what happened on the complaints log so the manager could see it.",
         "The details went into the service log the same day.",
         "I wrote it up on the system and tagged it as a product fault."],
        ["Next time I would check the stock for the same fault before the customer left.",
         "I learned that staying calm helps the customer calm down too.",
         "If it happened again I would also offer to order a replacement.",
         "Looking back, I could have explained the refund timing more clearly."],
    ],
    "staffing": [
        ["Our footfall peaks on {day} between {hour} and {hour2}.",
         "The busiest time in my store is {day} afternoon, around {hour}.",
         "Looking at the footfall data, {day} is the peak with about {n} visitors an hour.",
         "Queues are longest on {day}s at {hour}."],
        ["At that time the average wait at the tills goes above {n} minutes.",
         "Customers wait longer than our standard of {n} minutes then.",
         "The queue data shows waits of {n} minutes, which is too long.",
         "Waiting times rise to {n} minutes at the peak."],
        ["I recommend moving one colleague from the quiet morning shift to the peak.",
         "We should add an extra person on the tills during the busiest two hours.",
         "My recommendation is to change the rota so more staff cover {day} afternoons.",
         "One more till should open whenever the queue passes four people."],
        ["This should bring the wait back under our service standard.",
         "That would cut the queue and help conversion at the busiest time.",
         "Shorter queues should mean fewer complaints about waiting.",
         "It costs nothing extra because the hours move rather than grow."],
        ["I would check the queue times again after four weeks to see if it worked.",
         "We can review the footfall and wait figures next month.",
         "The manager could compare complaints before and after the change.",
         "After a month I would look at the data again and adjust."],
    ],
    "team": [
        ["In our team meeting we looked at first contact resolution, which is {n}%.",
         "My team's FCR is {n}%, below the target.",
         "We reviewed the team's figures and FCR stood at {n}%.",
         "The team's first contact resolution was {n}% last quarter."],
        ["Some colleagues were not sure when they could give a refund without a manager.",
         "A few people said they pass customers on because they lack the authority.",
         "The main reason for repeat contacts is that queries get handed on.",
         "Colleagues told me they escalate things they could sort themselves."],
        ["I suggested a short briefing on the refund policy at the start of each shift.",
         "We agreed to share one tip each week about solving problems first time.",
         "I offered to buddy new starters so they learn what they can decide.",
         "We made a one-page guide to what each role can approve."],
        ["I gave feedback to one colleague privately and kept it specific.",
         "When I gave feedback I described what I saw and its effect on the customer.",
         "I praised a colleague in front of the team for handling a hard call well.",
         "Feedback was given kindly and with an example."],
        ["We will look at the FCR figure again at the next meeting.",
         "The target is to reach {n2}% by the end of the quarter.",
         "Everyone agreed to record why a contact was passed on, so we can learn from it.",
         "I will ask the team how the changes feel in a fortnight."],
    ],
}
ITEMS = ["kettle", "jacket", "phone charger", "toaster", "pair of boots", "blender", "lamp"]
DAYS = ["Saturday", "Friday", "Sunday", "Thursday"]
OWN_WORDS = ["To be honest it was a busy day.", "I think this went well overall.",
             "My manager agreed with this.", "It was the first time I had done this on my own.",
             "This links to what we covered in the course.", "I found this part the hardest."]
SYNONYMS = {"customer": "shopper", "colleague": "team member", "refund": "money back", "busy": "hectic",
            "manager": "supervisor", "problem": "issue", "explained": "told them", "recorded": "logged",
            "team": "staff", "store": "shop", "queue": "line", "recommend": "suggest"}


def _rng(*parts: str) -> random.Random:
    return random.Random(int.from_bytes(hashlib.sha256("|".join(parts).encode()).digest()[:8], "big"))


def honest_text(learner_id: str, prompt: str) -> str:
    """Return one honest learner's own answer to a prompt."""
    rng = _rng(learner_id, prompt)
    facts = {"item": rng.choice(ITEMS), "n": rng.randint(3, 95), "n2": rng.randint(60, 90), "day": rng.choice(DAYS),
             "hour": f"{rng.randint(11, 15)}:00", "hour2": f"{rng.randint(16, 18)}:00",
             "ref": f"C-{rng.randint(1000, 9999)}"}
    points = [rng.choice(bank).format(**facts) for bank in PROMPTS[prompt] if rng.random() < 0.85]
    if rng.random() < 0.3 and len(points) > 2:
        i = rng.randrange(len(points) - 1)
        points[i], points[i + 1] = points[i + 1], points[i]
    for _ in range(rng.randint(0, 2)):
        points.insert(rng.randrange(len(points) + 1), rng.choice(OWN_WORDS))
    return " ".join(points)


def reordered(text: str, seed: str) -> str:
    """Return the text with its sentences in another order."""
    sentences = [s.strip() + "." for s in text.split(".") if s.strip()]
    rng = _rng(seed, "reorder")
    shuffled = sentences[:]
    while len(sentences) > 1 and shuffled == sentences:
        rng.shuffle(shuffled)
    return " ".join(shuffled)


def lightly_edited(text: str, seed: str) -> str:
    """Return the text with a few words swapped for synonyms and one sentence of the copier's own added."""
    rng = _rng(seed, "edit")
    words = text.split()
    for i, word in enumerate(words):
        key = word.strip(".,").lower()
        if key in SYNONYMS and rng.random() < 0.6:
            words[i] = word.lower().replace(key, SYNONYMS[key])
    return " ".join(words) + " " + rng.choice(OWN_WORDS)
