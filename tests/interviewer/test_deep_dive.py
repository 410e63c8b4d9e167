"""Deep-dive questions about a candidate's own projects: complete, bilingual rubrics that name
the project and its claims, stored per user, found by id through the bank overlay, and run by
the conductor and the scorer exactly like bank questions."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import SQLModel

from interviewer.conductor import Conductor
from interviewer.custom_questions import (
    CustomQuestionRow,
    CustomQuestions,
    ProfileRow,
    Sources,
    bank_with,
    bank_with_stored,
    generate_deep_dives,
    phrased,
)
from interviewer.line_writer import AUTHORED, LineWriter
from interviewer.profile import Profile, extract_profile
from interviewer.scoring import AnswerScorer
from interviewer.storage import NewInterview, Store
from rubrics.bank import QuestionBank
from rubrics.deep_dive import Project, deep_dive_questions
from rubrics.errors import UnknownQuestionError
from rubrics.integrity import integrity_problems
from rubrics.quality import CJK, HAN, quality_problems
from rubrics.schema import Question
from speech.types import Transcript
from tests.fakes import BagOfTermsEmbedder, FakeChatModel
from tests.interviewer.test_profile_extraction import EN_RESUME, ZH_RESUME

TODAY = date(2026, 12, 1)
FRAUD = Project(
    name="Fraud Radar",
    summary="real-time fraud scoring service",
    claims=["cut p99 latency 40%"],
    technologies=["Kafka", "Flink"],
    domain="mlops",
)
SEARCH = Project(name="Search Revamp")  # no claim, no technology
CHAT = Project(
    name="智能客服问答系统", claims=["回答准确率提升15%"], technologies=["LangChain"], domain="llm"
)


def _questions(*projects: Project, salt: str = "ada:p1") -> list[Question]:
    return deep_dive_questions(list(projects), salt, 2026)


def _angle(question: Question) -> str:
    return question.competency or ""


def test_each_deep_dive_meets_the_banks_bar() -> None:
    """The authoring rules the bundled bank is held to (python -m rubrics validate)."""
    for question in _questions(FRAUD, SEARCH, CHAT):
        assert quality_problems(question) == [], question.prompt.en
        assert integrity_problems(question) == []
        assert question.round == "behavioral" and question.id.startswith("dd_")
        assert question.key_points and question.follow_ups and question.solution_outline
        assert len(question.solution_outline_zh) == len(question.solution_outline)
        assert Question.model_validate_json(question.model_dump_json()) == question


def test_the_questions_name_the_project_and_its_claims() -> None:
    ownership, results, tradeoffs = _questions(FRAUD)
    assert [_angle(q) for q in (ownership, results, tradeoffs)] == [
        "ownership",
        "impact",
        "technical judgement",
    ]
    for question in (ownership, results, tradeoffs):
        assert "Fraud Radar" in question.prompt.en and "Fraud Radar" in question.prompt.zh
        assert question.domain == "mlops"
    assert "Which part of it was yours" in ownership.prompt.en
    assert (
        '"cut p99 latency 40%"' in results.prompt.en and "cut p99 latency 40%" in results.prompt.zh
    )
    assert "Kafka" in tradeoffs.prompt.en and "Kafka" in tradeoffs.prompt.zh
    assert "Kafka" in tradeoffs.priming_terms()  # the project's tools prime speech recognition
    assert "Kafka" in ownership.key_point("action_decision").text.en


def test_a_project_with_no_claim_or_tool_gets_scale_and_failure_questions() -> None:
    angles = [_angle(q) for q in _questions(SEARCH)]
    assert angles == ["ownership", "technical depth", "learning"]


def test_a_chinese_project_is_named_in_chinese_and_never_in_the_english_text() -> None:
    ownership, results, tradeoffs = _questions(FRAUD, CHAT)[1::2]
    assert "智能客服问答系统" in ownership.prompt.zh and "准确率提升15%" in results.prompt.zh
    assert "your second project" in ownership.prompt.en
    assert "a measured improvement" in results.prompt.en
    for question in (ownership, results, tradeoffs):
        english = [question.prompt.en, *(kp.text.en for kp in question.key_points)]
        english += [f.text.en for f in question.follow_ups] + question.solution_outline
        assert not any(CJK.search(text) for text in english)
        assert HAN.search(question.prompt.zh)


def test_several_projects_are_interleaved_and_ids_are_stable_and_salted() -> None:
    questions = _questions(FRAUD, SEARCH, CHAT)
    assert [_angle(q) for q in questions[:3]] == ["ownership"] * 3  # each project opens
    ids = [q.id for q in questions]
    assert len(set(ids)) == len(ids) == 9
    assert [q.id for q in _questions(FRAUD, SEARCH, CHAT)] == ids  # same input, same ids
    assert not set(ids) & {q.id for q in _questions(FRAUD, SEARCH, CHAT, salt="bob:p9")}
    assert len(_questions(*[FRAUD.model_copy(update={"name": f"P{i}"}) for i in range(9)])) == 12


def test_from_a_resume_to_deep_dives() -> None:
    for resume, names in (
        (EN_RESUME, ["Fraud Radar", "Shop Recs"]),
        (ZH_RESUME, ["智能客服问答系统"]),
    ):
        profile = extract_profile(resume, today=TODAY)
        questions = deep_dive_questions(profile.projects, "u:p", 2026)
        for name in names:
            assert any(name in q.prompt.zh for q in questions)
        assert all(quality_problems(q) == [] for q in questions)


def test_the_scorer_ranks_a_strong_deep_dive_answer_above_a_weak_one() -> None:
    ownership = _questions(FRAUD)[0]
    scorer = AnswerScorer(BagOfTermsEmbedder())
    strong = (
        "The problem was that fraud checks were too slow for our users at checkout. "
        "I owned the streaming feature pipeline: I designed and built it, while a teammate "
        "owned the model. I decided to use Kafka and Flink because we needed exactly-once "
        "features under 50 milliseconds. As a result it reduced p99 latency by 40 percent, "
        "and fraud losses fell by a fifth."
    )
    weak = "It was a project at my company. The team did everything and it went fine I guess."
    good = scorer.score(ownership, Transcript(strong, (), "en", 60.0), "en", "L5")
    poor = scorer.score(ownership, Transcript(weak, (), "en", 20.0), "en", "L5")
    assert good.score_0_10 > poor.score_0_10
    assert good.star is not None  # read as a story: round behavioral
    covered = {kp.id for kp in good.key_points if kp.status == "covered"}
    assert "action_own_part" in covered


def test_the_conductor_runs_deep_dives_through_the_overlay(
    bank: QuestionBank, store: Store
) -> None:
    questions = _questions(FRAUD)
    overlay = bank_with(bank, questions)
    interview, _ = store.create_interview(
        NewInterview(
            mode="text",
            round="behavioral",
            level="L5",
            language="en",
            question_ids=[questions[0].id, next(iter(bank)).id],
        )
    )
    conductor = Conductor(overlay, store, LineWriter(None), interview, max_follow_ups=1)
    assert questions[0].prompt.en in conductor.current_line.text
    outcome = conductor.answer(Transcript("It was a project. The team did it.", (), "en", 9.0))
    assert outcome.next_line.kind == "follow_up"  # an authored probe of a missed key point
    assert outcome.next_line.text.endswith(tuple(f.text.en for f in questions[0].follow_ups))


def test_the_overlay_answers_for_custom_ids_only(bank: QuestionBank) -> None:
    questions = _questions(FRAUD)
    overlay = bank_with(bank, questions)
    first = next(iter(bank))
    assert questions[0].id in overlay and overlay.get(questions[0].id) == questions[0]
    assert first.id in overlay and overlay.get(first.id) == first
    assert overlay.source_of(first.id) == bank.source_of(first.id)
    assert len(overlay) == len(bank) and questions[0] not in list(overlay)
    assert overlay.filter(round="behavioral") == bank.filter(round="behavioral")
    assert "dd_000000000000" not in overlay and "nope" not in overlay
    with pytest.raises(UnknownQuestionError):
        overlay.get("dd_000000000000")


def _custom(store: Store) -> CustomQuestions:
    # The tables come from migration 0009 once wired; create_all is a no-op then.
    tables = [ProfileRow.__table__, CustomQuestionRow.__table__]  # type: ignore[attr-defined]
    SQLModel.metadata.create_all(store.engine, tables=tables)
    return CustomQuestions(store.engine)


def test_stored_deep_dives_are_per_profile_and_kept_for_old_reports(
    bank: QuestionBank, store: Store
) -> None:
    custom = _custom(store)
    profile = Profile(projects=[FRAUD, SEARCH], level="L5")
    row = custom.create_profile("local", profile, Sources(kind="resume_text"))
    made = generate_deep_dives(custom, LineWriter(None), row, TODAY)
    assert [q.id for q in custom.questions("local", row.id)] == [q.id for q in made]
    assert custom.questions("someone-else", row.id) == []
    assert custom.owner_of(made[0].id) == "local"

    # The candidate drops a project: its questions retire but still resolve by id.
    edited = custom.update_profile(row, Profile(projects=[FRAUD], level="L5"))
    again = generate_deep_dives(custom, LineWriter(None), edited, TODAY)
    fraud_ids = {q.id for q in made if "Fraud Radar" in q.prompt.en}
    assert {q.id for q in again} == fraud_ids  # unchanged questions keep their ids
    assert custom.latest_profile("local").edited  # type: ignore[union-attr]
    overlay = bank_with_stored(bank, custom)
    for question in made:
        assert question.id in overlay and overlay.get(question.id) == question


def test_a_capable_model_may_rephrase_and_the_authored_question_is_the_fallback() -> None:
    question = _questions(FRAUD)[0]
    rephrased_en = "Tell me about Fraud Radar: which parts did you build and decide yourself?"
    rephrased_zh = "说说“Fraud Radar”：其中哪部分是你自己负责的，哪些是你亲自决定和实现的？"
    capable = FakeChatModel([rephrased_en, rephrased_zh], name="big")
    better, source = phrased(question, LineWriter(capable))
    assert source == "generated:big"
    assert (better.prompt.en, better.prompt.zh) == (rephrased_en, rephrased_zh)
    assert better.key_points == question.key_points and better.id == question.id

    # A line that fails the checks (not a question, off topic) keeps the authored one.
    junk = FakeChatModel(["Bananas are yellow.", "香蕉是黄色的。"], name="big")
    assert phrased(question, LineWriter(junk)) == (question, AUTHORED)
    # The bundled base model is never capable: it is not even asked.
    base = FakeChatModel([], capable=False)
    assert phrased(question, LineWriter(base)) == (question, AUTHORED)
    assert base.calls == []
    assert phrased(question, LineWriter(None)) == (question, AUTHORED)
