"""The Markdown export speaks the interview's language: a Chinese interview's export is in
Chinese throughout (labels from here, prompts and outlines from the bank's Chinese)."""

from __future__ import annotations

from interviewer.reports import build_report, report_markdown
from interviewer.storage import NewInterview, NewTurn, Store
from rubrics.bank import QuestionBank


def _export(bank: QuestionBank, store: Store, language: str) -> str:
    question = next(q for q in bank if q.round == "behavioral")
    made = store.create_interview(
        NewInterview(
            mode="text",
            round="behavioral",
            level="L5",
            language=language,
            question_ids=[question.id],
        )
    )
    store.save_turn(
        NewTurn(
            interview_id=made.interview.id,
            turn_index=0,
            question_id=question.id,
            kind="answer",
            interviewer_line=question.prompt.in_language("zh" if language == "zh" else "en"),
            text="我负责了这个项目。" if language == "zh" else "I owned the project.",
            language=language,
        )
    )
    interview = store.interview(made.interview.id)
    report = build_report(interview, store.turns(made.interview.id), [], bank)
    return report_markdown(report)


def test_a_chinese_interview_exports_in_chinese(bank: QuestionBank, store: Store) -> None:
    text = _export(bank, store, "zh")
    assert text.startswith("# Viva 面试报告 — 行为面试，L5")
    labels = ("得分：未评分", "> **面试官：**", "> **你：** 我负责了这个项目。", "参考答案要点：")
    for label in labels:
        assert label in text
    for english in ("Score:", "Interviewer:", "Model answer outline", "You:"):
        assert english not in text


def test_an_english_interview_exports_in_english(bank: QuestionBank, store: Store) -> None:
    text = _export(bank, store, "en")
    assert text.startswith("# Viva interview report — behavioral, L5")
    assert "Score: not scored" in text and "> **You:** I owned the project." in text
