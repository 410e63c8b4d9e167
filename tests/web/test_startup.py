"""Start-up: settings from the environment, a broken rubric bank refused with file, id and
field, the compose file's shape."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from rubrics.errors import RubricBankError
from web.services import build_services
from web.settings import InterviewSettings, Settings

ROOT = Path(__file__).resolve().parents[2]


def test_settings_come_from_viva_environment_variables(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("VIVA_PORT", "9123")
    monkeypatch.setenv("VIVA_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("VIVA_LLM__BACKEND", "openai")
    monkeypatch.setenv("VIVA_LLM__BASE_URL", "http://127.0.0.1:9/v1")
    monkeypatch.setenv("VIVA_ENDPOINTING__TRAILING_SILENCE_MS", "2500")
    settings = Settings()
    assert settings.port == 9123
    assert settings.llm.backend == "openai" and settings.llm.base_url == "http://127.0.0.1:9/v1"
    assert settings.endpointing.trailing_silence_ms == 2500
    assert settings.database_url == f"sqlite:///{tmp_path / 'viva.db'}"
    monkeypatch.setenv("VIVA_DATABASE__URL", "postgresql+psycopg://u@h/db")
    assert Settings().database_url == "postgresql+psycopg://u@h/db"


def test_a_broken_rubric_file_is_refused_at_start_up(tmp_path: Path) -> None:
    bank_dir = tmp_path / "bank"
    bank_dir.mkdir()
    source = yaml.safe_load((ROOT / "rubrics" / "data" / "fundamentals.yaml").read_text())
    question = source["questions"][0]
    question["key_points"][1]["weight"] = "heavy"
    (bank_dir / "broken.yaml").write_text(yaml.safe_dump({"questions": [question]}))
    settings = Settings(data_dir=tmp_path, interview=InterviewSettings(rubrics_dir=str(bank_dir)))
    with pytest.raises(RubricBankError) as refused:
        build_services(settings)
    message = str(refused.value)
    assert "broken.yaml" in message
    assert question["id"] in message
    assert "key_points[1].weight" in message


def test_compose_runs_viva_with_postgres() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert {"viva", "postgres"} <= set(services)
    environment = services["viva"]["environment"]
    assert environment["VIVA_DATABASE__URL"].startswith("postgresql+psycopg://")
    assert "@postgres:5432/" in environment["VIVA_DATABASE__URL"]
    assert "python -m web" in services["viva"]["command"]
    assert services["llm"]["profiles"] == ["llm"]
