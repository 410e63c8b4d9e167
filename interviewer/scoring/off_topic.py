"""Off-topic: an answer mostly about something else is judged off-topic, whatever its length.

"About something else" is read sentence by sentence against the rest of the bank
(topicality.py): a long answer to another question has many sentences that land near some
rubric, but most of them land nearer another question's. So an answer of several sentences is
off-topic when less than half of it (in spoken units) is about this question, however many
points its stray sentences seem to touch. One or two sentences are too few to say "mostly":
they are off-topic only when, on top of that, no key point is covered, so a terse real answer
is scored rather than zeroed, and only when the answer read whole is nearer another bank
question's reference than this question's (coverage.Measurement.holistic_margin < 0).

Margins miss one kind of answer: one made of fragments about nothing in particular (headings,
figures, lists), each within a few hundredths of every rubric, so each reads as on topic for
any question; a design document given to a metrics question was 53 % "on topic". So an answer
of several sentences is also off-topic when fewer than NEAR_SHARE of it (in spoken units) is in
sentences for which this question is among the bank's TOPIC_RANK nearest (calibration.py).

"Something else" means another bank question only for a question the bank holds. A custom
question or a resume deep dive has a thin reference next to the bank's authored rubrics, so a
real answer to it often reads nearer one of them (on Mohler, whose references are such
rubrics, 81 real answers graded 62 % on average were zeroed that way); for such a question only
everyday talk is something else (topicality.BankBackground.holds).
"""

from __future__ import annotations

from interviewer.scoring import calibration as cal
from interviewer.scoring.coverage import Measurement, Summary

OFF_TOPIC_SHARE = 0.5
# From this many sentences on, the two shares alone decide.
MOSTLY_SENTENCES = 3


def is_off_topic(measurement: Measurement, summary: Summary) -> bool:
    # An answer stating this question's own misconceptions is about this question, wrongly.
    if measurement.mistakes:
        return False
    if measurement.n_sentences >= MOSTLY_SENTENCES and measurement.near_share < cal.NEAR_SHARE:
        return True
    if measurement.on_topic_share >= OFF_TOPIC_SHARE:
        return False
    if measurement.n_sentences >= MOSTLY_SENTENCES:
        return True
    # One or two sentences: off-topic only when no point is covered and the answer read whole
    # is also nearer another question's reference (or everyday talk) than this one's. A terse
    # real answer's sentence often lands nearer a neighbouring question while the whole still
    # reads as this one (Mohler: answers graded 64 % on average were zeroed on that alone).
    return not summary.any_covered and measurement.holistic_margin < 0
