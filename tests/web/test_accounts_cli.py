"""`python -m web.accounts_cli`: an administrator adds, disables and hands over accounts."""

from __future__ import annotations

from pathlib import Path

import pytest

from interviewer.accounts import LOCAL_USER_ID, Accounts
from interviewer.storage import NewInterview, Store
from web.accounts_cli import main


def test_add_disable_and_claim_personal_interviews(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("VIVA_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("VIVA_NEW_PASSWORD", "a long enough password")
    store = Store(f"sqlite:///{tmp_path / 'viva.db'}")
    made = store.create_interview(
        NewInterview(mode="text", round="behavioral", level="L5", language="en", question_ids=["q"])
    )
    assert main(["add", "Ada@Example.com", "--name", "Ada"]) == 0
    accounts = Accounts(store.engine)
    ada = accounts.authenticate("ada@example.com", "a long enough password")
    assert ada is not None and ada.display_name == "Ada"
    assert main(["add", "ada@example.com"]) == 1
    assert "already exists" in capsys.readouterr().err

    assert main(["claim-personal", "ada@example.com"]) == 0
    assert "gave 1 interview(s)" in capsys.readouterr().out
    interview = store.interview(made.interview.id)
    assert interview is not None and interview.user_id == ada.id != LOCAL_USER_ID

    assert main(["disable", "ada@example.com"]) == 0
    assert accounts.user(ada.id) is None
    assert accounts.authenticate("ada@example.com", "a long enough password") is None
    assert main(["disable", "nobody@example.com"]) == 1
