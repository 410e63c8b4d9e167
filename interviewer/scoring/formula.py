"""The documented 0-10 formula (FORMULA_VERSION), in one place so reports can cite it.

    score = clamp(min(10 * (wc*C + ws*S + wd*D), 10*C + CONTENT_HEADROOM) - MISTAKE_POINTS * m)

- C content (0-1): weighted credit of the key points stated, each from one sentence or two
  adjacent ones about it, blended with the whole answer's closeness to the whole reference by
  the language's calibrated weight (coverage.summarise, calibration.py).
- S structure (0-1): behavioral - the STAR structure score; technical - 1 when the answer leads
  with a rubric point (evidence in its first two sentences), 0.5 when the point comes later, 0
  when it never comes.
- D delivery (0-1): pace, fillers, long pauses, length (delivery.py); typed answers have none and
  its weight moves to content.
- m: common mistakes stated, each costing MISTAKE_POINTS, at most MAX_MISTAKES counted.
- Structure and delivery can never lift an answer more than CONTENT_HEADROOM points above what its
  content earns: a fluent, well-shaped answer that says little still scores low ("fine" is not 7).
- Non-answers are 0 before this formula runs. With a capable LLM judge, the final score is the mean
  of this score and the judge's (judge.py), and the path records it.
"""

from __future__ import annotations

from dataclasses import dataclass

from interviewer.scoring.results import DeliveryResult, StarResult

FORMULA_VERSION = "2026.1"
MISTAKE_POINTS = 1.5
MAX_MISTAKES = 3
CONTENT_HEADROOM = 1.0


@dataclass(frozen=True)
class Weights:
    content: float
    structure: float
    delivery: float


TECHNICAL = Weights(content=0.75, structure=0.10, delivery=0.15)
BEHAVIORAL = Weights(content=0.45, structure=0.40, delivery=0.15)


def technical_structure(lead_sentence: int | None) -> float:
    """Does the answer lead with substance? `lead_sentence`: earliest evidence of a stated point."""
    if lead_sentence is None:
        return 0.0
    return 1.0 if lead_sentence <= 1 else 0.5


def combine(
    content: float,
    structure: float,
    delivery: DeliveryResult,
    star: StarResult | None,
    n_mistakes: int,
) -> float:
    """The rules score, 0-10, one decimal."""
    weights = BEHAVIORAL if star is not None else TECHNICAL
    if delivery.delivery_0_1 is None:
        blended = (weights.content + weights.delivery) * content + weights.structure * structure
    else:
        blended = (
            weights.content * content
            + weights.structure * structure
            + weights.delivery * delivery.delivery_0_1
        )
    score = min(10 * blended, 10 * content + CONTENT_HEADROOM)
    score -= MISTAKE_POINTS * min(n_mistakes, MAX_MISTAKES)
    return round(min(10.0, max(0.0, score)), 1)
