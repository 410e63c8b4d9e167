"""What scoring returns: pydantic models, because scores are stored, sent to the browser and
exported in reports as JSON."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from rubrics.schema import Level

CoverageStatus = Literal["covered", "partial", "missed"]
NonAnswerKind = Literal["empty", "dont_know", "gibberish", "off_topic", "read_back"]
StarPart = Literal["situation", "task", "action", "result"]
Ownership = Literal["I", "we", "balanced", "none"]
StarVerdict = Literal["strong", "incomplete", "weak"]
RateUnit = Literal["words", "chars"]
LengthVerdict = Literal["short", "ok", "long", "unknown"]


class QuickCoverage(BaseModel):
    """The cheap verdict decide-next uses on the latency path; ids of the question's key points."""

    covered: list[str]
    missed: list[str]


class KeyPointResult(BaseModel):
    id: str
    text: str
    status: CoverageStatus
    evidence: str | None = None
    sentence_index: int | None = None
    similarity: float
    credit_0_1: float
    weight: float
    # What the question asks for (rubrics.schema.KeyPoint.core): shown in the report, and
    # named first among what was missed. False in reports saved before points were marked.
    core: bool = False


class MistakeHit(BaseModel):
    id: str
    text: str
    evidence: str
    sentence_index: int
    correction: str


class StarSpan(BaseModel):
    part: StarPart
    sentence_index: int
    text: str


class StarResult(BaseModel):
    present: dict[StarPart, bool]
    spans: list[StarSpan]
    share_0_1: dict[StarPart, float]
    i_count: int
    we_count: int
    ownership: Ownership
    measurable_result: bool
    verdict: StarVerdict
    advice: str
    structure_0_1: float
    # The level the story reads at (scope, ownership, influence, impact), the level chosen for
    # the interview, and one line on reaching the next level. Defaults keep old rows loadable.
    level_read: Level | None = None
    level_target: Level | None = None
    level_advice: str = ""


class LongPause(BaseModel):
    after_word: str
    start_s: float
    duration_s: float


class DeliveryResult(BaseModel):
    """Delivery from word timings; `timed` is False for typed answers (no pace, pauses, length)."""

    timed: bool
    unit: RateUnit
    units_spoken: int
    rate_per_min: float | None
    duration_s: float | None
    target_time_s: int
    length_ratio: float | None
    length_verdict: LengthVerdict
    fillers: dict[str, int]
    filler_rate_per_100: float
    long_pauses: list[LongPause]
    repeated_phrases: list[str]
    delivery_0_1: float | None


class AnswerScore(BaseModel):
    score_0_10: float = Field(ge=0, le=10)
    content_0_1: float = Field(ge=0, le=1)
    key_points: list[KeyPointResult]
    mistakes: list[MistakeHit]
    star: StarResult | None
    delivery: DeliveryResult
    non_answer: NonAnswerKind | None
    feedback: str
    model_outline: list[str]
    path: str
    formula_version: str


class MissedKeyPoint(BaseModel):
    question_id: str
    key_point_id: str
    text: str


class PractiseItem(BaseModel):
    question_id: str
    domain: str
    score_0_10: float
    reason: str


class InterviewRollup(BaseModel):
    overall_0_10: float
    per_domain: dict[str, float]
    per_competency: dict[str, float]
    missed_key_points: list[MissedKeyPoint]
    practise_next: list[PractiseItem]
