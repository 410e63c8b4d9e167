"""Every model answer outline, scored as a spoken answer by the real scorer, covers most of its
own question's key points: a rubric whose outline does not is inconsistent (the outline and the
key points disagree about what a strong answer says)."""

from __future__ import annotations

import pytest

from interviewer.e5_embedder import E5Embedder
from interviewer.scoring import AnswerScorer
from rubrics.bank import QuestionBank
from speech.types import Transcript

pytestmark = pytest.mark.models


def test_each_outline_covers_most_of_its_key_points(bank: QuestionBank) -> None:
    scorer = AnswerScorer(E5Embedder(num_threads=1))
    problems = []
    for question in bank:
        outline = Transcript(" ".join(question.solution_outline), (), "en", 0.0)
        score = scorer.score(question, outline, "en")
        covered = [kp.id for kp in score.key_points if kp.status == "covered"]
        missed = [kp.id for kp in score.key_points if kp.status == "missed"]
        if len(covered) * 2 <= len(question.key_points) or missed or score.non_answer:
            problems.append(f"{question.id}: covered {covered}, missed {missed}")
    assert not problems, "\n".join(problems)
