"""QuestionBank look-up, filters and counts, on the fixture bank."""

from __future__ import annotations

import pytest

from rubrics import QuestionBank, UnknownQuestionError


def test_get_by_id_and_unknown_id(fixture_bank):
    assert fixture_bank.get("fx_dropout").domain == "deep_learning"
    assert "fx_dropout" in fixture_bank
    with pytest.raises(UnknownQuestionError) as missing:
        fixture_bank.get("nope")
    assert isinstance(missing.value, KeyError)
    assert "nope" in str(missing.value)


def test_source_of_names_the_file(fixture_bank):
    source = fixture_bank.source_of("fx_feed_ranking")
    assert source is not None
    assert source.name == "design.yaml"


def test_filters_combine(fixture_bank):
    assert [q.id for q in fixture_bank.filter(round="behavioral")] == ["fx_conflict"]
    assert [q.id for q in fixture_bank.filter(domain="deep_learning")] == ["fx_dropout"]
    at_l7 = {q.id for q in fixture_bank.filter(level="L7")}
    assert at_l7 == {"fx_feed_ranking"}
    assert fixture_bank.filter(round="ml_theory", level="L7") == []


def test_company_filter_is_case_insensitive_and_knows_aliases(fixture_bank):
    assert [q.id for q in fixture_bank.filter(company="bytedance")] == ["fx_bias_variance"]
    assert [q.id for q in fixture_bank.filter(company="TikTok")] == ["fx_bias_variance"]
    assert {q.id for q in fixture_bank.filter(company="META")} == {"fx_dropout", "fx_feed_ranking"}


def test_language_filter_drops_blank_translations(make_question):
    blank_zh = make_question(id="blank_zh", prompt={"en": "What is bias?", "zh": "   "})
    bank = QuestionBank([make_question(), blank_zh])
    assert [q.id for q in bank.filter(language="zh")] == ["fx_bias_variance"]
    assert len(bank.filter(language="en")) == 2


def test_counts(fixture_bank):
    assert fixture_bank.count_by_round() == {
        "behavioral": 1,
        "ml_system_design": 1,
        "ml_theory": 1,
        "phone_screen": 1,
    }
    assert sum(fixture_bank.count_by_domain().values()) == len(fixture_bank)
    assert fixture_bank.count_by_level() == {"L3": 2, "L4": 3, "L5": 3, "L6": 2, "L7": 1}
