"""The question-bank schema: what one rubric-tagged interview question holds.

Pydantic models because rubric files are user-editable YAML and must be validated with errors
that point at the field. Everything the interviewer and the scorer need is here, so neither
ever asks an LLM what a good answer is.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Round = Literal[
    "phone_screen",
    "ml_theory",
    "ml_coding",
    "ml_system_design",
    "behavioral",
    "case_study",
]
Domain = Literal[
    "fundamentals",
    "deep_learning",
    "nlp",
    "llm",
    "cv",
    "recsys",
    "ranking",
    "system_design",
    "mlops",
    "experimentation",
    "coding",
    "behavioral",
]
Level = Literal["L3", "L4", "L5", "L6", "L7"]
Language = Literal["en", "zh"]
LEVELS: tuple[Level, ...] = ("L3", "L4", "L5", "L6", "L7")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Bilingual(_Strict):
    """A line the candidate may see or hear, in both interview languages."""

    en: str = Field(min_length=1)
    zh: str = Field(min_length=1)

    def in_language(self, language: Language) -> str:
        return self.zh if language == "zh" else self.en


class KeyPoint(_Strict):
    """One thing a strong answer says; its weight is its share of the content score."""

    id: str = Field(pattern=r"^[a-z0-9_]+$")
    text: Bilingual
    weight: float = Field(gt=0, le=1)
    # Other ways a candidate says the same thing, in either language (coverage matching).
    paraphrases: list[str] = Field(default_factory=list)
    # Technical terms that signal the point cheaply; also used to prime speech recognition.
    terms: list[str] = Field(default_factory=list)
    # A core point is one without which the answer does not answer the question: what an
    # interviewer needs to hear to call it correct. An answer that states every core point
    # earns most of the content however short it is (coverage.summarise); the rest is depth.
    core: bool = False


class CommonMistake(_Strict):
    """A misconception, stated as the candidate would state it, with phrasings that reveal it."""

    id: str = Field(pattern=r"^[a-z0-9_]+$")
    text: Bilingual
    # Phrasings of the misconception itself (not merely its topic), either language.
    cues: list[str] = Field(default_factory=list)
    correction: str = ""
    # The correction in Chinese, shown in a Chinese interview's report.
    correction_zh: str = ""


class FollowUp(_Strict):
    """An authored follow-up. `probes` names the key points whose absence triggers it;
    an empty list marks a deepening question asked when the answer was complete."""

    id: str = Field(pattern=r"^[a-z0-9_]+$")
    text: Bilingual
    probes: list[str] = Field(default_factory=list)


class CodeRequirement(_Strict):
    """One thing the candidate's code must do, for the coding round's code pad.

    The scorer reads the typed code beside the spoken answer; `terms` are the identifiers and
    constructs that show the requirement in code (`heapq`, `return []`), so checking them needs
    no model and never runs the candidate's code.
    """

    id: str = Field(pattern=r"^[a-z0-9_]+$")
    text: Bilingual
    terms: list[str] = Field(default_factory=list)


class Question(_Strict):
    """One interview question with its rubric."""

    id: str = Field(pattern=r"^[a-z0-9_]+$")
    round: Round
    domain: Domain
    levels: list[Level] = Field(min_length=1)
    frequency: int = Field(ge=1, le=5)
    importance: int = Field(ge=1, le=5)
    year: int = Field(ge=2000, le=2100)
    prompt: Bilingual
    # Other ways interviewers ask the same thing (English and Chinese, short and long forms):
    # what `python -m rubrics match` compares an asked question with, besides the prompt.
    asked_as: list[str] = Field(default_factory=list)
    key_points: list[KeyPoint] = Field(min_length=1)
    common_mistakes: list[CommonMistake] = Field(default_factory=list)
    follow_ups: list[FollowUp] = Field(default_factory=list)
    solution_outline: list[str] = Field(min_length=1)
    tips: list[str] = Field(default_factory=list)
    # The outline and tips in Chinese, for a Chinese interview's report (same order and count).
    solution_outline_zh: list[str] = Field(default_factory=list)
    tips_zh: list[str] = Field(default_factory=list)
    related_topics: list[str] = Field(default_factory=list)
    companies: list[str] = Field(default_factory=list)
    # How long a good spoken answer takes, for the delivery score.
    target_time_s: int = Field(default=120, ge=15, le=900)
    # Behavioral questions only: the competency and what a strong answer shows per level.
    competency: str | None = None
    level_expectations: dict[Level, str] = Field(default_factory=dict)
    # Coding questions only, optional: what the code typed in the code pad must do.
    code_requirements: list[CodeRequirement] = Field(default_factory=list)

    def key_point(self, key_point_id: str) -> KeyPoint:
        return next(kp for kp in self.key_points if kp.id == key_point_id)

    def priming_terms(self) -> list[str]:
        """Key terms of the rubric, used to prime speech recognition for this question."""
        seen: dict[str, None] = {}
        for kp in self.key_points:
            for term in kp.terms:
                seen.setdefault(term, None)
        return list(seen)


class QuestionFile(_Strict):
    """The shape of one YAML file under rubrics/data/."""

    questions: list[Question]
