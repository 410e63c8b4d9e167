"""The one-paragraph feedback: what was covered (quoted), what was missed, mistakes, structure,
delivery. Built from the score's own evidence so it never says something the score does not."""

from __future__ import annotations

from interviewer.scoring.results import (
    DeliveryResult,
    KeyPointResult,
    MistakeHit,
    NonAnswerKind,
    StarResult,
)

_NON_ANSWER_LINES: dict[NonAnswerKind, str] = {
    "empty": "No answer was heard",
    "dont_know": "The answer said it did not know",
    "gibberish": "The answer could not be understood",
    "off_topic": "The answer did not address the question",
    "read_back": "The answer only repeated the question",
}
_QUOTE_CHARS = 90


def non_answer_feedback(kind: NonAnswerKind, missed: list[KeyPointResult]) -> str:
    points = "; ".join(_clause(kp.text) for kp in missed)
    return f"{_NON_ANSWER_LINES[kind]}, so it scores 0/10. A strong answer covers: {points}."


def answer_feedback(
    score_0_10: float,
    key_points: list[KeyPointResult],
    mistakes: list[MistakeHit],
    star: StarResult | None,
    delivery: DeliveryResult,
) -> str:
    parts = [f"Score {score_0_10:.1f}/10."]
    covered = [kp for kp in key_points if kp.status == "covered"]
    partial = [kp for kp in key_points if kp.status == "partial"]
    missed = sorted((kp for kp in key_points if kp.status == "missed"), key=lambda k: -k.weight)
    if covered:
        quoted = "; ".join(f'{_clause(kp.text)} ("{_quote(kp.evidence)}")' for kp in covered)
        parts.append(f"You covered: {quoted}.")
    if partial:
        parts.append("Only partly: " + "; ".join(_clause(kp.text) for kp in partial) + ".")
    if missed:
        parts.append("You missed: " + "; ".join(_clause(kp.text) for kp in missed) + ".")
    for hit in mistakes:
        fix = f" {hit.correction}" if hit.correction else ""
        mistake = _clause(hit.text)
        parts.append(f'You stated a common mistake ("{_quote(hit.evidence)}"): {mistake}.{fix}')
    if star is not None:
        parts.append(f"STAR: {star.advice}")
    parts.extend(_delivery_notes(delivery))
    return " ".join(parts)


def _delivery_notes(delivery: DeliveryResult) -> list[str]:
    notes = []
    n_fillers = sum(delivery.fillers.values())
    if delivery.filler_rate_per_100 >= 5:
        top = ", ".join(f'"{w}" x{n}' for w, n in delivery.fillers.items())
        notes.append(f"Cut the filler words ({n_fillers}: {top}).")
    if delivery.long_pauses:
        notes.append(f"{len(delivery.long_pauses)} long pause(s) of 2 s or more.")
    if delivery.length_verdict in ("short", "long"):
        notes.append(
            f"The answer ran {delivery.duration_s:.0f} s against a target of "
            f"{delivery.target_time_s} s ({delivery.length_verdict})."
        )
    return notes


def _clause(text: str) -> str:
    """A rubric sentence made joinable: its own full stop dropped."""
    return text.strip().rstrip(".。")


def _quote(text: str | None) -> str:
    text = (text or "").strip()
    return text if len(text) <= _QUOTE_CHARS else text[: _QUOTE_CHARS - 1] + "…"
