"""Fixtures shared by the whole suite: the bundled bank and fresh stores."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from interviewer.storage import Store
from rubrics.bank import QuestionBank
from rubrics.loader import load_bank

POSTGRES_URL = os.environ.get(
    "VIVA_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


@pytest.fixture(scope="session")
def bank() -> QuestionBank:
    return load_bank()


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(f"sqlite:///{tmp_path / 'viva.db'}")
