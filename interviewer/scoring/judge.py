"""The optional LLM judge: a JSON-schema-constrained verdict from a capable chat model.

The bundled base model's verdicts are noise (DESIGN.md §3), so the judge only runs when the
configured model declares itself capable, and only in the off-path scoring worker: never between
the candidate's last word and the interviewer's reply.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from interviewer.chat_model import ChatMessage, ChatModel
from interviewer.scoring.text import language_of
from rubrics.schema import Question

_SYSTEM = (
    "You grade one interview answer strictly against its rubric. Credit only what the answer "
    "states; a vague or partly wrong answer is not a good one. 10 = every key point, precise, no "
    "mistakes; 5 = half the key points; 0 = nothing relevant. Reply with JSON only."
)


class JudgeVerdict(BaseModel):
    """What the judge must return (the JSON schema the model is constrained to)."""

    score_0_10: float = Field(ge=0, le=10)
    covered_key_point_ids: list[str] = Field(default_factory=list)
    mistake_ids: list[str] = Field(default_factory=list)
    rationale: str = Field(default="", max_length=800)


def judge_messages(question: Question, answer: str, language: str) -> list[ChatMessage]:
    lang = language_of(language)
    points = "\n".join(
        f"- {kp.id} (weight {kp.weight}): {kp.text.in_language(lang)}" for kp in question.key_points
    )
    mistakes = "\n".join(f"- {m.id}: {m.text.in_language(lang)}" for m in question.common_mistakes)
    user = (
        f"Question: {question.prompt.in_language(lang)}\n\nKey points:\n{points}\n\n"
        f"Common mistakes:\n{mistakes or '- none'}\n\nCandidate answer:\n{answer}"
    )
    return [ChatMessage(role="system", content=_SYSTEM), ChatMessage(role="user", content=user)]


def ask_judge(judge: ChatModel, question: Question, answer: str, language: str) -> JudgeVerdict:
    """One constrained verdict; LLMError propagates to the caller, which keeps the rules score."""
    return judge.complete_json(judge_messages(question, answer, language), JudgeVerdict)


def blend(rules_score: float, verdict: JudgeVerdict) -> float:
    """Mean of the rules score and the judge's: each keeps the other honest."""
    return round((rules_score + verdict.score_0_10) / 2, 1)
