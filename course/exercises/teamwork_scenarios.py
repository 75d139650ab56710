"""Scenario texts for the teamwork exercises (5.2): the Tuckman diary entries and the quoted exchanges
that show a communication style.

Placeholders ({a}, {b}, {c} for colleagues' first names; {topic}, {action}, {blame} from a complaint
topic) are filled in by course.exercises.teamwork_exercises with str.format.
"""

from __future__ import annotations

# Tuckman stage: a diary entry that shows it.
TUCKMAN_DIARY: dict[str, str] = {
    "forming": "Diary, week 1 of the Christmas team. Five seasonal colleagues started on Monday alongside {a} and "
               "{b}. Everyone is polite and keen, and nobody has disagreed with anything. Most questions still "
               "come straight to me: where stock goes, who covers the tills, what 'good' looks like here.",
    "storming": "Diary, week 3. {a} and {b} had words in the stockroom about who always gets the Saturday till, "
                "and {c} asked me privately why some people get the better shifts. Handover notes are being "
                "skipped, and two people did the same job yesterday while the returns were left undone.",
    "norming": "Diary, week 5. At Monday's huddle the team agreed its own rules: breaks in turn outside the "
               "12 to 2 peak, whoever opens the second till tells the team leader, handover notes done before "
               "leaving. {a} is showing {b} the returns process. I still lead the huddles and check the rota.",
    "performing": "Diary, week 8. Saturday ran itself. {a} saw the queue building and opened a till before "
                  "anyone asked, {b} covered the floor and {c} cleared the returns. I spent the day with "
                  "customers instead of directing the team, the targets were beaten and nobody needed chasing.",
    "adjourning": "Diary, week 12. The January sale is over and the seasonal contracts end on Saturday. {a} and "
                  "{b} are handing their notes to the permanent team, and we are planning a thank-you breakfast "
                  "and a short 'what worked, what didn't' session before everyone goes.",
}


# Complaint category: (what the customer says, the topic, an assertive action, a blaming reply).
COMPLAINT_TOPICS: dict[str, tuple[str, str, str, str]] = {
    "queue or wait time": ("I've been queuing for twenty minutes and there's only one till open!", "the tills",
                           "I'm opening this till for you right now", "It's Saturday. What did you expect"),
    "staff attitude": ("Nobody on the floor would help me find anything.", "the floor team",
                       "I'll come with you now and find it myself", "We're busy. You can't expect us to drop everything"),
    "product quality": ("This fell apart after two weeks.", "faulty items",
                        "I'll sort a refund or a replacement for you now", "You must have misused it"),
    "refund or return": ("I've waited a week for my refund.", "refunds",
                         "I'll check the refund on the system now", "Refunds take as long as they take"),
    "pricing or promotion": ("The shelf says it's on offer but the till charged full price.", "prices",
                             "I'll check the shelf label now and refund the difference if our sign is wrong",
                             "The till is right. You've misread the sign"),
    "availability": ("It's out of stock again!", "stock",
                     "I'll check our other stores now and reserve one for you", "If you wanted one you should have come earlier"),
}


# Communication style: how a colleague replies to the customer ({topic}, {action}, {blame} from the topic).
CUSTOMER_REPLIES: dict[str, str] = {
    "assertive": "(steady eye contact, calm voice) \"I can see why you're annoyed, and I'm sorry. "
                 "{action}. If that doesn't put it right, I'll take your number and call you by 5pm today.\"",
    "passive": "(looks at the floor, voice trailing off) \"Oh... sorry. I don't really know about "
               "{topic}, it's not really my area. Maybe try the website? Sorry.\"",
    "aggressive": "(arms folded, voice raised) \"{blame}. There's nothing wrong with how we do it here.\"",
}


# Communication style: an exchange between two colleagues ({a}, {b}).
COLLEAGUE_EXCHANGES: dict[str, str] = {
    "assertive": "{a}, the team leader, takes {b} aside before the shift (calm, face to face, away from "
                 "customers): \"On Saturday the queue built up while the second till stayed shut. I need it "
                 "opened as soon as three people are waiting. What would make that easier for you?\"",
    "passive": "{b} has covered {a}'s till after break for the third time this week. {a}: \"Sorry, lost "
               "track of time!\" {b} (sighs, looks away): \"Oh, it's fine, honestly, don't worry about "
               "it...\" and says nothing to the team leader.",
    "aggressive": "{a}, on the shop floor in front of customers (loud, pointing): \"{b}, you're late back "
                  "from break AGAIN. Sort yourself out or I'm going straight to the manager.\"",
}
