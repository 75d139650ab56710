"""Exercises of 4.4 (evidence to recommendation): SWOT and PESTLE tables with evidence, a recommendation
with its monitoring plan, and a reflection on the analysis with Gibbs' cycle (checked in reflection.py).

The checks themselves are in nb_4_4_reviews.py. The survey, loyalty and lifetime-value exercises that come
before them are 4.3's, in nb_4_3_insight.py.
"""

from __future__ import annotations

from course.exercises.nb_4_4_reviews import review_pestle, review_recommendation, review_swot_evidence
from course.exercises.reflection import DATA_SOURCE_MISCONCEPTION, review_data_reflection
from course.exercises.reflection import MISCONCEPTIONS as REFLECTION_MISCONCEPTIONS
from course.exercises.registry import Exercise, register
from course.exercises.registry import Misconception as M

NOTEBOOK = "4-data-analysis/4.4-evidence-to-recommendation.ipynb"

register(
    NOTEBOOK,
    Exercise(id="insight-swot", kind="structured", marking_point="003:MP2",
             title="A SWOT of your store with evidence from your data",
             review=review_swot_evidence, covers=("003:ET2", "003:ET3"),
             hints=(
                 "Is each factor about the store itself, or about the world outside it?",
                 "The assessor looks for at least one row in each of S, W, O and T; strengths and weaknesses inside "
                 "the store, opportunities and threats outside it; a figure and its source behind every factor; and "
                 "an impact sentence on service.",
                 "First, take strengths and weaknesses from your own figures: segment scores, the repeat rate, churn "
                 "and CLV. Next, take opportunities and threats from outside the store: the competitor, trends and "
                 "the evidence sheets, written as conditions, not actions. Then give each row a figure with its "
                 "source in brackets, and what it means for customers."),
             misconceptions=(
                 M("swot-no-evidence", "A factor with no evidence behind it",
                   "Give a figure and where it came from for every factor."),
                 M("swot-internal-external", "Internal and external factors mixed up",
                   "Strengths and weaknesses are inside the store; opportunities and threats come from outside."),
                 M("swot-incomplete", "A quadrant left empty", "Fill all four: S, W, O and T."),
                 M("swot-no-service-link", "No link to customer service",
                   "Say what each factor means for the service customers get."),
             )),
    Exercise(id="insight-pestle", kind="structured", marking_point="003:MP2",
             title="A PESTLE of your store's surroundings with evidence",
             review=review_pestle, covers=("003:ET2", "003:ET3", "003:CM2"),
             hints=(
                 "Is this a force from outside the store that its own team cannot control?",
                 "The assessor looks for at least four of the six headings written in full; outside factors only; a "
                 "figure and its source as the evidence in every row; and an impact sentence on service.",
                 "First, choose four or more headings: Political, Economic, Social, Technological, Legal and "
                 "Environmental. Next, for each, name an outside factor and back it with a figure and where it came "
                 "from, such as your interactions table or a published source. Then add a short sentence on what it "
                 "means for customer service."),
             misconceptions=(
                 M("pestle-no-evidence", "A factor with no evidence behind it",
                   "Give a figure and its source for every factor."),
                 M("pestle-internal-factor", "A factor from inside the store",
                   "PESTLE looks outside; the store's own staff and processes belong in the SWOT."),
                 M("pestle-incomplete", "Too few headings covered", "Cover at least four of the six headings."),
                 M("pestle-no-service-link", "No link to customer service",
                   "Say what each factor means for the service customers get."),
             )),
    Exercise(id="insight-recommendation", kind="structured", marking_point="003:MP2",
             title="A recommendation and its monitoring plan",
             review=review_recommendation, covers=("003:ET4", "003:ET3", "003:CM3", "004:MP1"),
             hints=(
                 "If your manager agreed to this tomorrow, would they know what changes, who owns it and how you will"
                 " know it worked?",
                 "The assessor looks for what will change, where and when; figures from two different sources; the "
                 "impact on customers; a KPI with a baseline and a different target, as numbers; a date after your "
                 "data ends; one named owner; and how often it is checked.",
                 "First, write the change as a full sentence for your pain point. Next, give two figures from "
                 "different sources, each naming its source, and the KPI with its value now and the number to reach. "
                 "Then add a date after your data ends, one owner, and a check such as weekly at the team huddle."),
             misconceptions=(
                 M("rec-vague", "A vague recommendation", "Say what will change, where and when."),
                 M("rec-single-source", "A recommendation resting on one source",
                   "Triangulate: figures from at least two different sources."),
                 M("rec-no-service-impact", "No link to customer service",
                   "Say what the change will do for customers."),
                 M("rec-no-kpi", "No measurable KPI or target", "Name the KPI and the number it should reach."),
                 M("rec-no-baseline", "No baseline", "Say where the KPI is now, from your data."),
                 M("rec-no-date", "No date", "Say by when the target should be met."),
                 M("rec-no-owner", "No owner", "Name the one person or role responsible."),
                 M("rec-no-monitoring", "No plan to check the outcome", "Say how often the KPI will be checked."),
             )),
    Exercise(id="insight-reflection-data", kind="structured", marking_point="002:MP8",
             title="A reflection with Gibbs' cycle on your analysis",
             review=review_data_reflection, covers=("003:ET1", "002:ET8"),
             hints=(
                 "Which source of data helped you most in this notebook, and where did one let you down?",
                 "The assessor looks for all six stages of Gibbs' cycle in your own words; an evaluation with "
                 "something that went well and something that did not; an analysis that names an idea from the "
                 "course and a source of data; and an action plan with a figure and a date.",
                 "First, describe the task you did and the sources you used, then how you felt about the result. "
                 "Next, say which source helped most and what limited one, and explain why with an idea such as "
                 "triangulation or a small sample. Then say what you learned, and plan one change with a number to "
                 "reach and a date."),
             misconceptions=(*REFLECTION_MISCONCEPTIONS, DATA_SOURCE_MISCONCEPTION)),
)
