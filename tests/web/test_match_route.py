"""`GET /api/match`: the home page's "practise a question you were asked" look-up, through the
app as served (create_app, the bundled embedder loaded on first use)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

pytestmark = pytest.mark.models


def test_match_returns_bank_questions_best_first(make_app: Callable[..., TestClient]) -> None:
    with make_app() as app:
        body = app.get("/api/match", params={"q": "How is L1 regularization different from L2?"})
        assert body.status_code == 200
        found = body.json()
        assert found["none"] is False
        first = found["matches"][0]
        assert set(first) == {"id", "prompt", "domain", "round", "score"}
        assert first["id"] == "fund_l1_vs_l2" and "L1" in first["prompt"]
        scores = [m["score"] for m in found["matches"]]
        assert scores == sorted(scores, reverse=True)


def test_prompt_shown_in_the_asked_or_chosen_language(
    make_app: Callable[..., TestClient],
) -> None:
    asked = "什么是 L1 正则化和 L2 正则化，它们有什么区别？"
    with make_app() as app:
        chinese = app.get("/api/match", params={"q": asked}).json()["matches"][0]
        english = app.get("/api/match", params={"q": asked, "language": "en"}).json()
    assert chinese["id"] == "fund_l1_vs_l2" and "正则化" in chinese["prompt"]
    assert english["matches"][0]["prompt"].isascii()


def test_unrelated_question_is_none_with_nearest(make_app: Callable[..., TestClient]) -> None:
    with make_app() as app:
        body = app.get("/api/match", params={"q": "how do you bake sourdough bread"}).json()
    assert body["none"] is True and body["matches"] == []
    assert body["nearest"]["id"]


def test_bad_requests_are_refused(make_app: Callable[..., TestClient]) -> None:
    with make_app() as app:
        assert app.get("/api/match").status_code == 422
        assert app.get("/api/match", params={"q": ""}).status_code == 422
        assert app.get("/api/match", params={"q": "x" * 501}).status_code == 422
        assert app.get("/api/match", params={"q": "dropout", "language": "fr"}).status_code == 422
