"""The end-of-interview report: transcript, per-answer scores with evidence, what was missed,
the model answer outline and what to practise next.

Built from what storage holds (not from in-memory state) so a report can be rebuilt for any
interview, by any replica, and exported to JSON or Markdown.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

from interviewer.mock_phases import phase_times, phase_title
from interviewer.scoring import AnswerScore, roll_up
from interviewer.scoring.feedback import model_outline, tips_in
from interviewer.scoring.rollup import missed_core_first
from interviewer.storage import InterviewRow, ScoreRow, TurnRow
from rubrics.bank import QuestionBank
from rubrics.schema import Language


class ReportAnswer(BaseModel):
    turn_index: int
    kind: str  # answer | follow_up | skipped
    interviewer_line: str
    text: str
    complete: bool
    has_audio: bool
    score: dict[str, Any] | None
    # Scoring was retried and gave up (e.g. the database stayed locked): shown as such.
    scoring_failed: bool = False
    # What the candidate typed in the code pad with this answer (coding round).
    code: str | None = None


class ReportQuestion(BaseModel):
    question_id: str
    domain: str
    prompt: str
    answers: list[ReportAnswer]
    # The score of the question's last answer, which is scored on all answers to it together.
    score_0_10: float | None
    scoring_failed: bool = False
    missed_key_points: list[str]
    feedback: str
    model_outline: list[str]
    tips: list[str]


class Report(BaseModel):
    interview_id: str
    created_at: datetime
    round: str
    level: str
    language: str
    company: str | None
    questions: list[ReportQuestion]
    rollup: dict[str, Any]
    # A timed mock's phases: name, budget_s, used_s (None if not reached), questions.
    phases: list[dict[str, Any]] = Field(default_factory=list)


def build_report(
    interview: InterviewRow | None,
    turns: list[TurnRow],
    scores: list[ScoreRow],
    bank: QuestionBank,
) -> Report:
    if interview is None:
        raise KeyError("no such interview")
    language: Language = "zh" if interview.language == "zh" else "en"
    by_turn = {s.turn_index: s.detail for s in scores if s.status == "ok"}
    failed = {s.turn_index for s in scores if s.status != "ok"}
    questions: list[ReportQuestion] = []
    scored: list[tuple[Any, AnswerScore]] = []
    for qid in interview.question_ids:
        question = bank.get(qid)
        answers = [
            _answer(t, by_turn.get(t.turn_index), t.turn_index in failed)
            for t in turns
            if t.question_id == qid
        ]
        final = next((a.score for a in reversed(answers) if a.score is not None), None)
        final_score = AnswerScore.model_validate(final) if final is not None else None
        if final_score is not None:
            scored.append((question, final_score))
        questions.append(
            ReportQuestion(
                question_id=qid,
                domain=question.domain,
                prompt=question.prompt.in_language(language),
                answers=answers,
                score_0_10=None if final_score is None else final_score.score_0_10,
                scoring_failed=final_score is None and any(a.scoring_failed for a in answers),
                missed_key_points=[] if final_score is None else missed_core_first(final_score),
                feedback="" if final_score is None else final_score.feedback,
                model_outline=model_outline(question, language),
                tips=tips_in(question, language),
            )
        )
    return Report(
        interview_id=interview.id,
        created_at=interview.created_at,
        round=interview.round,
        level=interview.level,
        language=interview.language,
        company=interview.company,
        questions=questions,
        rollup=roll_up(scored).model_dump(mode="json"),
        phases=_phases(interview, turns),
    )


def _phases(interview: InterviewRow, turns: list[TurnRow]) -> list[dict[str, Any]]:
    return phase_times(interview, turns) if interview.phases else []


def _answer(turn: TurnRow, score: dict[str, Any] | None, failed: bool) -> ReportAnswer:
    return ReportAnswer(
        turn_index=turn.turn_index,
        kind=turn.kind,
        interviewer_line=turn.interviewer_line,
        text=turn.text,
        complete=turn.complete,
        has_audio=turn.audio_path is not None,
        score=score,
        scoring_failed=failed,
        code=turn.code,
    )


# The Markdown export's own words, in the interview's language (the rest comes from the
# report: the bank's Chinese prompts, outlines and tips for a Chinese interview).
_MARKDOWN: dict[str, dict[str, str]] = {
    "en": {
        "title": "Viva interview report — {round}, {level}",
        "when": "Interview `{id}` on {when}.",
        "overall": "**Overall: {score} / 10**",
        "phase": "- {phase}: {used} of {budget}",
        "not_reached": "not reached",
        "minutes": "{n:.1f} min",
        "score": "Score: {score}",
        "not_scored": "not scored",
        "failed": "scoring failed after retries; the answer is kept as said",
        "interviewer": "> **Interviewer:** {line}",
        "you": "> **You:** {said}",
        "skipped": "(skipped)",
        "no_answer": "(no answer)",
        "code": "Your code:",
        "missed": "Missed:",
        "outline": "Model answer outline:",
    },
    "zh": {
        "title": "Viva 面试报告 — {round}，{level}",
        "when": "面试 `{id}`，{when}。",
        "overall": "**总分：{score} / 10**",
        "phase": "- {phase}：用时 {used}，预算 {budget}",
        "not_reached": "未进行",
        "minutes": "{n:.1f} 分钟",
        "score": "得分：{score}",
        "not_scored": "未评分",
        "failed": "多次重试后评分失败；回答已原样保存",
        "interviewer": "> **面试官：** {line}",
        "you": "> **你：** {said}",
        "skipped": "（已跳过）",
        "no_answer": "（没有回答）",
        "code": "你的代码：",
        "missed": "遗漏的要点：",
        "outline": "参考答案要点：",
    },
}
_ROUNDS_ZH = {
    "ml_theory": "机器学习理论",
    "ml_coding": "机器学习编程",
    "ml_system_design": "机器学习系统设计",
    "behavioral": "行为面试",
    "phone_screen": "电话面试",
    "case_study": "案例分析",
    "full_mock": "完整模拟面试（限时）",
}


def report_markdown(report: Report) -> str:
    """A Markdown export of the report, for notes or sharing, in the interview's language."""
    zh = report.language == "zh"
    words = _MARKDOWN["zh" if zh else "en"]
    round_name = _ROUNDS_ZH.get(report.round, report.round) if zh else report.round
    lines = [
        "# " + words["title"].format(round=round_name, level=report.level),
        "",
        words["when"].format(id=report.interview_id, when=f"{report.created_at:%Y-%m-%d %H:%M}"),
        "",
    ]
    overall = report.rollup.get("overall_0_10")
    if overall is not None:
        lines += [words["overall"].format(score=f"{overall:.1f}"), ""]
    for phase in report.phases:
        used_s = phase["used_s"]
        used = words["not_reached"] if used_s is None else words["minutes"].format(n=used_s / 60)
        budget = words["minutes"].format(n=phase["budget_s"] / 60)
        name = phase_title(phase["name"], "zh" if zh else "en")
        lines += [words["phase"].format(phase=name, used=used, budget=budget)]
    if report.phases:
        lines += [""]
    for number, q in enumerate(report.questions, start=1):
        score = words["not_scored"] if q.score_0_10 is None else f"{q.score_0_10:.1f} / 10"
        if q.scoring_failed:
            score = words["failed"]
        lines += [f"## {number}. {q.prompt}", "", words["score"].format(score=score), ""]
        for a in q.answers:
            said = a.text or (words["skipped"] if a.kind == "skipped" else words["no_answer"])
            lines += [
                words["interviewer"].format(line=a.interviewer_line),
                ">",
                words["you"].format(said=said),
                "",
            ]
            if a.code:
                lines += [words["code"], "", "```", a.code, "```", ""]
        if q.feedback:
            lines += [q.feedback, ""]
        if q.missed_key_points:
            lines += [words["missed"], *[f"- {m}" for m in q.missed_key_points], ""]
        lines += [words["outline"], *[f"- {p}" for p in q.model_outline], ""]
    return "\n".join(lines)
