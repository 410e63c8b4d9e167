"""The one-paragraph feedback: what was covered (quoted), what was missed, mistakes, structure,
delivery, in the interview's language. Built from the score's own evidence so it never says
something the score does not."""

from __future__ import annotations

from dataclasses import dataclass

from interviewer.scoring.results import (
    DeliveryResult,
    KeyPointResult,
    MistakeHit,
    NonAnswerKind,
    StarResult,
)
from rubrics.schema import Language, Question

_QUOTE_CHARS = 90


@dataclass(frozen=True)
class Phrases:
    """Every sentence frame the feedback uses, per language."""

    non_answer: dict[NonAnswerKind, str]
    zero: str
    score: str
    covered: str
    partial: str
    missed: str
    mistake: str
    star: str
    fillers: str
    pauses: str
    length: str
    join: str
    end: str


_EN = Phrases(
    non_answer={
        "empty": "No answer was heard",
        "dont_know": "The answer said it did not know",
        "gibberish": "The answer could not be understood",
        "off_topic": "The answer did not address the question",
        "read_back": "The answer only repeated the question",
    },
    zero="{line}, so it scores 0/10. A strong answer covers: {points}.",
    score="Score {score:.1f}/10.",
    covered="You covered: {items}.",
    partial="Only partly: {items}.",
    missed="You missed: {items}.",
    mistake='You stated a common mistake ("{quote}"): {mistake}.{fix}',
    star="STAR: {advice}",
    fillers="Cut the filler words ({n}: {top}).",
    pauses="{n} long pause(s) of 2 s or more.",
    length="The answer ran {duration:.0f} s against a target of {target} s ({verdict}).",
    join="; ",
    end=".",
)
_ZH = Phrases(
    non_answer={
        "empty": "没有听到回答",
        "dont_know": "回答表示不知道",
        "gibberish": "回答无法理解",
        "off_topic": "回答没有针对这个问题",
        "read_back": "回答只是重复了问题",
    },
    zero="{line}，所以得 0/10 分。好的回答应包括：{points}。",
    score="得分 {score:.1f}/10。",
    covered="你讲到了：{items}。",
    partial="只讲到一部分：{items}。",
    missed="你漏掉了：{items}。",
    mistake="你说了一个常见错误（“{quote}”）：{mistake}。{fix}",
    star="STAR：{advice}",
    fillers="减少口头禅（{n} 次：{top}）。",
    pauses="有 {n} 次 2 秒以上的长停顿。",
    length="回答用了 {duration:.0f} 秒，目标是 {target} 秒（{verdict}）。",
    join="；",
    end="。",
)
_LENGTH_ZH = {"short": "偏短", "long": "偏长"}


def phrases(language: Language) -> Phrases:
    return _ZH if language == "zh" else _EN


def non_answer_feedback(
    kind: NonAnswerKind, missed: list[KeyPointResult], language: Language = "en"
) -> str:
    p = phrases(language)
    points = p.join.join(_clause(kp.text) for kp in _what_to_say_first(missed))
    return p.zero.format(line=p.non_answer[kind], points=points)


def answer_feedback(
    score_0_10: float,
    key_points: list[KeyPointResult],
    mistakes: list[MistakeHit],
    star: StarResult | None,
    delivery: DeliveryResult,
    language: Language = "en",
) -> str:
    p = phrases(language)
    parts = [p.score.format(score=score_0_10)]
    covered = [kp for kp in key_points if kp.status == "covered"]
    partial = [kp for kp in key_points if kp.status == "partial"]
    missed = _what_to_say_first([kp for kp in key_points if kp.status == "missed"])
    if covered:
        open_q, close_q = ("（“", "”）") if language == "zh" else (' ("', '")')
        items = p.join.join(
            f"{_clause(kp.text)}{open_q}{_quote(kp.evidence)}{close_q}" for kp in covered
        )
        parts.append(p.covered.format(items=items))
    if partial:
        parts.append(p.partial.format(items=p.join.join(_clause(kp.text) for kp in partial)))
    if missed:
        parts.append(p.missed.format(items=p.join.join(_clause(kp.text) for kp in missed)))
    for hit in mistakes:
        fix = f" {hit.correction}" if hit.correction else ""
        parts.append(
            p.mistake.format(quote=_quote(hit.evidence), mistake=_clause(hit.text), fix=fix)
        )
    if star is not None:
        parts.append(p.star.format(advice=star.advice))
        if star.level_advice:
            parts.append(star.level_advice)
    parts.extend(_delivery_notes(delivery, p, language))
    return ("" if language == "zh" else " ").join(parts)


def _delivery_notes(delivery: DeliveryResult, p: Phrases, language: Language) -> list[str]:
    notes = []
    n_fillers = sum(delivery.fillers.values())
    if delivery.filler_rate_per_100 >= 5:
        top = ", ".join(f'"{w}" x{n}' for w, n in delivery.fillers.items())
        notes.append(p.fillers.format(n=n_fillers, top=top))
    if delivery.long_pauses:
        notes.append(p.pauses.format(n=len(delivery.long_pauses)))
    if delivery.length_verdict in ("short", "long"):
        verdict = (
            _LENGTH_ZH[delivery.length_verdict] if language == "zh" else delivery.length_verdict
        )
        notes.append(
            p.length.format(
                duration=delivery.duration_s or 0.0,
                target=delivery.target_time_s,
                verdict=verdict,
            )
        )
    return notes


def _clause(text: str) -> str:
    """A rubric sentence made joinable: its own full stop dropped."""
    return text.strip().rstrip(".。")


def _quote(text: str | None) -> str:
    text = (text or "").strip()
    return text if len(text) <= _QUOTE_CHARS else text[: _QUOTE_CHARS - 1] + "…"


def model_outline(question: Question, language: Language) -> list[str]:
    """The model answer outline in the interview's language (every bank question has its
    Chinese outline; the key points stand in for one that does not)."""
    if language == "zh":
        return list(question.solution_outline_zh) or [kp.text.zh for kp in question.key_points]
    return list(question.solution_outline)


def tips_in(question: Question, language: Language) -> list[str]:
    """The question's tips in the interview's language."""
    return list(question.tips_zh) if language == "zh" else list(question.tips)


def _what_to_say_first(missed: list[KeyPointResult]) -> list[KeyPointResult]:
    """What the question asked for (core) first, then the heaviest depth: the first points
    named are the ones a candidate should add next time."""
    return sorted(missed, key=lambda kp: (not kp.core, -kp.weight))
