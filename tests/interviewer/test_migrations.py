"""Alembic migrations on SQLite and PostgreSQL: they build exactly the models, the baseline is
exactly the last release's schema, and a database that release wrote upgrades with its data."""

from __future__ import annotations

import io
import sqlite3
import subprocess
import sys
import threading
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import soundfile
import sqlalchemy
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.operations import Operations
from alembic.runtime.migration import MigrationContext
from sqlmodel import SQLModel

from interviewer.accounts import LOCAL_USER_ID
from interviewer.leases import LeaseRow
from interviewer.recordings import to_wav
from interviewer.resume_tokens import hash_token, token_matches
from interviewer.schema_upgrade import (
    BASELINE_REVISION,
    SchemaTooNew,
    alembic_config,
    head_revision,
    migration_connection,
    upgrade_database,
)
from interviewer.storage import NewTurn, Store, TurnAmendment
from tests.conftest import POSTGRES_URL

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).parents[2]
# Release 3e9cc2d's two interviews (see fixtures/make_release_3e9cc2d.py).
ENDED = "4a0cdc6af191484498839d9b149bd479"
ACTIVE = "fab22bd4096649db8fa4ae6136343417"
OLD_TABLES = {"interviews": "id", "turns": "id", "scores": "id", "reports": "interview_id"}

NewDatabase = Callable[[], str]


@pytest.fixture(params=["sqlite", "postgresql"])
def new_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[NewDatabase]:
    """Makes empty databases of one dialect: SQLite files, or fresh PostgreSQL schemas."""
    schemas: list[str] = []
    admin = sqlalchemy.create_engine(POSTGRES_URL)

    def make() -> str:
        if request.param == "sqlite":
            return f"sqlite:///{tmp_path / f'{uuid.uuid4().hex[:8]}.db'}"
        schema = f"viva_migrate_{uuid.uuid4().hex[:8]}"
        try:
            with admin.begin() as connection:
                connection.execute(sqlalchemy.text(f"CREATE SCHEMA {schema}"))
        except sqlalchemy.exc.OperationalError as exc:
            pytest.skip(f"PostgreSQL not reachable at {POSTGRES_URL}: {exc}")
        schemas.append(schema)
        return f"{POSTGRES_URL}?options=-csearch_path%3D{schema}"

    yield make
    if schemas:
        with admin.begin() as connection:
            for schema in schemas:
                connection.execute(sqlalchemy.text(f"DROP SCHEMA {schema} CASCADE"))
    admin.dispose()


def _engine(url: str) -> sqlalchemy.Engine:
    return sqlalchemy.create_engine(url, poolclass=sqlalchemy.pool.NullPool)


def _load_release_3e9cc2d(url: str) -> str:
    """Fill the empty database at `url` with what release 3e9cc2d wrote; returns `url`."""
    if url.startswith("sqlite"):
        script = (FIXTURES / "release_3e9cc2d.sqlite.sql").read_text(encoding="utf-8")
        with sqlite3.connect(url.removeprefix("sqlite:///")) as connection:
            connection.executescript(script)
    else:
        script = (FIXTURES / "release_3e9cc2d.postgresql.sql").read_text(encoding="utf-8")
        with _engine(url).begin() as connection:
            connection.exec_driver_sql(script)
    return url


def _differences(url: str) -> list[Any]:
    """What autogenerate would change to make the database match the models."""
    with _engine(url).connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "compare_server_default": True}
        )
        return list(compare_metadata(context, SQLModel.metadata))


def _schema(url: str) -> dict[str, Any]:
    """Everything reflection sees of each table, in a comparable form."""
    with _engine(url).connect() as connection:
        inspector = sqlalchemy.inspect(connection)
        return {
            table: {
                "columns": [
                    (c["name"], str(c["type"]), c["nullable"], c.get("default"))
                    for c in inspector.get_columns(table)
                ],
                "primary_key": inspector.get_pk_constraint(table),
                "foreign_keys": inspector.get_foreign_keys(table),
                "unique": inspector.get_unique_constraints(table),
                "indexes": inspector.get_indexes(table),
            }
            for table in inspector.get_table_names()
            if table != "alembic_version"
        }


def _rows(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of release 3e9cc2d's tables, in that release's columns."""
    with _engine(url).connect() as connection:
        rows = {}
        for table, key in OLD_TABLES.items():
            columns = ", ".join(
                f'"{c["name"]}"'
                for c in sqlalchemy.inspect(connection).get_columns(table)
                if (table, c["name"])
                not in {
                    ("turns", "decision"),
                    ("turns", "code"),
                    ("scores", "status"),
                    ("interviews", "user_id"),
                    ("interviews", "phases"),
                }
            )
            query = sqlalchemy.text(f"SELECT {columns} FROM {table} ORDER BY {key}")
            rows[table] = [tuple(row) for row in connection.execute(query)]
        return rows


def _tokens_hashed(rows: dict[str, list[tuple[Any, ...]]]) -> dict[str, list[tuple[Any, ...]]]:
    """Release 3e9cc2d's rows as revision 0004 leaves them: each resume token (the second
    column of `interviews`) replaced by its SHA-256, everything else as it was."""
    interviews = [(row[0], hash_token(row[1]), *row[2:]) for row in rows["interviews"]]
    return {**rows, "interviews": interviews}


def _to_revision(url: str, revision: str, downgrade: bool = False) -> None:
    engine = _engine(url)
    with migration_connection(engine) as connection:
        step = command.downgrade if downgrade else command.upgrade
        step(alembic_config(connection), revision)


def test_migrations_build_exactly_the_models(new_database: NewDatabase) -> None:
    url = new_database()
    assert upgrade_database(url) == head_revision()
    assert _differences(url) == []
    assert upgrade_database(url) == head_revision()  # at head, a second start changes nothing


def test_the_check_sees_a_schema_behind_the_models(new_database: NewDatabase) -> None:
    url = new_database()
    _to_revision(url, BASELINE_REVISION)
    found = {(d[0], d[2]) if d[0] == "add_column" else (d[0], d[1].name) for d in _differences(url)}
    assert found == {
        ("add_table", "leases"),
        ("add_column", "turns"),
        ("add_column", "scores"),
        ("add_column", "interviews"),
        ("add_index", "ix_interviews_user_id"),
        ("add_fk", None),
        ("add_table", "users"),
        ("add_table", "coach_grants"),
        ("add_table", "share_links"),
        ("add_index", "ix_coach_grants_candidate_id"),
        ("add_index", "ix_coach_grants_coach_id"),
        ("add_index", "ix_share_links_interview_id"),
        ("add_table", "recordings"),
        ("add_table", "answer_results"),
        ("add_table", "outcomes"),
        ("add_table", "notebook_cards"),
        ("add_index", "ix_answer_results_user_id"),
        ("add_index", "ix_outcomes_user_id"),
        ("add_index", "ix_outcomes_interview_id"),
        ("add_index", "ix_notebook_cards_user_id"),
        ("add_index", "ix_notebook_cards_due"),
        ("add_table", "profiles"),
        ("add_table", "custom_questions"),
        ("add_index", "ix_profiles_user_id"),
        ("add_index", "ix_custom_questions_user_id"),
        ("add_index", "ix_custom_questions_profile_id"),
    }
    assert ("add_column", "interviews") in found  # user_id (0005) and phases (0008)


def test_the_baseline_is_exactly_the_schema_release_3e9cc2d_made(
    new_database: NewDatabase,
) -> None:
    migrated = new_database()
    _to_revision(migrated, BASELINE_REVISION)
    release = _load_release_3e9cc2d(new_database())
    assert _schema(migrated) == _schema(release)


def test_a_database_of_release_3e9cc2d_upgrades_with_its_data(new_database: NewDatabase) -> None:
    url = _load_release_3e9cc2d(new_database())
    before = _rows(url)
    assert [len(before[t]) for t in OLD_TABLES] == [2, 5, 3, 1]

    store = Store(url)
    assert _rows(url) == _tokens_hashed(before)
    assert _differences(url) == []
    # Pages holding the plain tokens can still resume: the hash of what they send matches.
    plain = {row[0]: row[1] for row in before["interviews"]}
    assert token_matches(store.interview(ACTIVE).token, plain[ACTIVE])  # type: ignore[union-attr]
    assert not token_matches(store.interview(ACTIVE).token, plain[ENDED])  # type: ignore[union-attr]
    assert all(turn.decision is None for i in (ENDED, ACTIVE) for turn in store.turns(i))
    assert [score.status for i in (ENDED, ACTIVE) for score in store.scores(i)] == ["ok"] * 3
    assert store.report(ENDED) == {"overall": 6.25, "summary": "Solid on overfitting."}
    assert store.turns(ENDED)[0].words[1]["text"] == "model"
    assert store.turns(ACTIVE)[0].text == "用哈希表记录每个数的下标，一次遍历即可。"
    # Revision 0005: what the release wrote belongs to the personal-mode owner.
    assert {store.interview(i).user_id for i in (ENDED, ACTIVE)} == {LOCAL_USER_ID}  # type: ignore[union-attr]
    assert {row.id for row in store.interviews({LOCAL_USER_ID})} == {ENDED, ACTIVE}

    # The active interview resumes: its cut-off answer is amended, then it goes on.
    assert store.claim_lease(ACTIVE, "tab-1", stale_after_s=30)
    decision = {"kind": "question", "question_id": "py_fizzbuzz"}
    amended = store.amend_turn(
        ACTIVE, 1, TurnAmendment(text="是 O(n)，因为只遍历一次。", decision=decision), "tab-1"
    )
    assert amended.complete and amended.decision == decision
    turn = NewTurn(
        interview_id=ACTIVE,
        turn_index=2,
        question_id="py_fizzbuzz",
        kind="answer",
        interviewer_line="写一个 FizzBuzz。",
        text="用取模判断三和五。",
        language="zh",
        decision={"kind": "close"},
    )
    assert store.save_turn(turn, owner="tab-1").id == 6  # ids go on after the old rows
    assert store.save_score(ACTIVE, 1, "py_two_sum", {"error": "timeout"}, "failed").id == 4
    store.end_interview(ACTIVE, {"overall": 8.0})

    reopened = Store(url)
    assert [t.turn_index for t in reopened.turns(ACTIVE)] == [0, 1, 2]
    assert [s.status for s in reopened.scores(ACTIVE)] == ["ok", "failed"]
    assert reopened.report(ACTIVE) == {"overall": 8.0}
    assert len(reopened.turns(ENDED)) == 3


@pytest.mark.parametrize("made_by", ["leases_added_to_an_old_database", "create_all"])
def test_a_database_a_development_build_made_upgrades(
    new_database: NewDatabase, made_by: str
) -> None:
    """Builds between fc940ac and the first migration ran create_all, which added the leases
    table to a release 3e9cc2d database, or made every table of an empty one."""
    url = new_database()
    engine = _engine(url)
    if made_by == "create_all":
        # Their create_all made exactly revision 0002's schema (leases, turns.decision,
        # scores.status), and no alembic_version.
        _to_revision(url, "0002")
        with engine.begin() as connection:
            connection.execute(sqlalchemy.text("DROP TABLE alembic_version"))
    else:
        _load_release_3e9cc2d(url)
        LeaseRow.__table__.create(engine)  # type: ignore[attr-defined]
    assert upgrade_database(url) == head_revision()
    assert _differences(url) == []


def _recorded_turns_at_0005(url: str, audio: dict[int, str]) -> str:
    """An interview at revision 0005 whose turn i names the file `audio[i]`; its id."""
    _to_revision(url, "0005")
    interview_id = uuid.uuid4().hex
    then = datetime(2026, 11, 2, 9, 30, tzinfo=UTC)
    with _engine(url).begin() as connection:
        connection.execute(
            sqlalchemy.text(
                "INSERT INTO interviews (id, token, created_at, status, mode, round, level, "
                "language, question_ids, user_id) VALUES (:id, 't', :then, 'ended', 'voice', "
                "'ml_theory', 'L4', 'en', '[\"a\"]', :user)"
            ),
            {"id": interview_id, "then": then, "user": LOCAL_USER_ID},
        )
        for index, path in audio.items():
            connection.execute(
                sqlalchemy.text(
                    "INSERT INTO turns (interview_id, turn_index, question_id, kind, "
                    "interviewer_line, text, words, language, complete, duration_s, "
                    "audio_path, created_at) VALUES (:id, :index, 'a', 'answer', 'Why?', "
                    "'Because.', '[]', 'en', true, 1.0, :path, :then)"
                ),
                {"id": interview_id, "index": index, "path": path, "then": then},
            )
    return interview_id


def test_revision_0006_moves_the_recordings_on_disk_into_the_database(
    new_database: NewDatabase, tmp_path: Path
) -> None:
    rng = np.random.default_rng(3)
    mono = (rng.normal(0, 3000, 16_000)).astype(np.int16)
    stereo = (rng.normal(0, 3000, (22_050, 2))).astype(np.int16)
    files = {0: tmp_path / "0.wav", 1: tmp_path / "1.wav", 3: tmp_path / "3.wav"}
    soundfile.write(files[0], mono, 16_000, subtype="PCM_16")
    soundfile.write(files[1], stereo, 22_050, subtype="PCM_16")
    files[3].write_bytes(b"RIFF, but not audio")
    audio = {i: str(path) for i, path in files.items()} | {2: str(tmp_path / "gone.wav")}
    url = new_database()
    interview_id = _recorded_turns_at_0005(url, audio)

    store = Store(url)  # upgrades to head
    assert store.recorded_turns(interview_id) == {0, 1}  # 2 is not here, 3 is not audio
    first, second = store.recording(interview_id, 0), store.recording(interview_id, 1)
    assert first is not None and second is not None
    assert (first.format, first.sample_rate, second.sample_rate) == ("flac", 16_000, 22_050)
    decoded, rate = soundfile.read(io.BytesIO(to_wav(first)), dtype="int16")
    assert rate == 16_000 and np.array_equal(decoded, mono)  # lossless
    decoded, _ = soundfile.read(io.BytesIO(second.data), dtype="int16")
    assert np.array_equal(decoded, stereo.mean(axis=1).round().astype(np.int16))
    # Retention still counts from when the answer was recorded, not from the upgrade.
    recorded_at = first.created_at  # naive on SQLite, which keeps no time zone
    recorded_at = recorded_at if recorded_at.tzinfo else recorded_at.replace(tzinfo=UTC)
    assert recorded_at == datetime(2026, 11, 2, 9, 30, tzinfo=UTC)
    assert [t.audio_path for t in store.turns(interview_id)] == [audio[i] for i in range(4)]
    assert all(path.exists() for path in files.values())  # the files are left where they were

    _to_revision(url, "0005", downgrade=True)
    with _engine(url).connect() as connection:
        assert "recordings" not in sqlalchemy.inspect(connection).get_table_names()
    assert [t.audio_path for t in store.turns(interview_id)] == [audio[i] for i in range(4)]
    assert upgrade_database(url) == head_revision()
    assert store.recorded_turns(interview_id) == {0, 1}
    assert _differences(url) == []


def test_downgrading_to_the_baseline_gives_back_release_3e9cc2d(
    new_database: NewDatabase,
) -> None:
    url = _load_release_3e9cc2d(new_database())
    before = _rows(url)
    upgrade_database(url)
    _to_revision(url, BASELINE_REVISION, downgrade=True)
    assert _schema(url) == _schema(_load_release_3e9cc2d(new_database()))
    assert _rows(url) == _tokens_hashed(before)  # a hash cannot be undone
    assert upgrade_database(url) == head_revision()
    assert _rows(url) == _tokens_hashed(before)  # and is not hashed twice


def test_a_failed_upgrade_leaves_nothing_behind(new_database: NewDatabase) -> None:
    url = new_database()
    engine = _engine(url)
    with pytest.raises(RuntimeError, match="later step"), migration_connection(engine) as conn:
        command.upgrade(alembic_config(conn), "head")
        raise RuntimeError("a later step failed")
    assert sqlalchemy.inspect(engine).get_table_names() == []


def test_a_database_from_a_newer_viva_is_refused(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'viva.db'}"
    upgrade_database(url)
    with _engine(url).begin() as connection:
        connection.execute(sqlalchemy.text("UPDATE alembic_version SET version_num = '9999'"))
    with pytest.raises(SchemaTooNew, match="9999"):
        Store(url)


def test_stores_opened_together_in_threads_upgrade_one_after_the_other(
    new_database: NewDatabase,
) -> None:
    url = new_database()
    results: list[str | BaseException] = []

    def start() -> None:
        try:
            results.append(upgrade_database(url))
        except Exception as exc:  # reported below, with the others
            results.append(exc)

    threads = [threading.Thread(target=start) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert results == [head_revision()] * 4
    assert _differences(url) == []


@pytest.mark.parametrize("new_database", ["postgresql"], indirect=True)
def test_replicas_starting_together_upgrade_one_after_the_other(
    new_database: NewDatabase,
) -> None:
    url = new_database()
    command_line = [sys.executable, "-m", "interviewer.schema_upgrade", url]
    replicas = [
        subprocess.Popen(command_line, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(3)
    ]
    outputs = [replica.communicate(timeout=120) for replica in replicas]
    assert [replica.returncode for replica in replicas] == [0] * 3, outputs
    assert all(out.decode().strip().endswith(head_revision()) for out, _ in outputs)
    assert _differences(url) == []


def test_sqlite_tables_with_children_can_be_copied_and_keys_stay_on(tmp_path: Path) -> None:
    """The next revisions alter `interviews` (an owner column), which SQLite does by copying
    the table and dropping the original: only possible with foreign keys off, as
    migration_connection does, and the Store's connections must get them back."""
    url = _load_release_3e9cc2d(f"sqlite:///{tmp_path / 'viva.db'}")
    store = Store(url)

    def copy_interviews(connection: sqlalchemy.Connection) -> None:
        operations = Operations(MigrationContext.configure(connection))
        with operations.batch_alter_table("interviews", recreate="always") as batch:
            batch.alter_column("company", existing_type=sqlalchemy.String(), nullable=True)

    with migration_connection(store.engine) as connection:
        copy_interviews(connection)
    assert len(store.turns(ENDED)) == 3
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    with pytest.raises(sqlalchemy.exc.IntegrityError), store.engine.begin() as connection:
        copy_interviews(connection)  # foreign keys on, as on every Store connection


def test_the_alembic_command_line_uses_the_packaged_migrations(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'viva.db'}"
    alembic = [sys.executable, "-m", "alembic", "-x", f"url={url}"]
    for arguments in (["upgrade", "head"], ["check"]):
        done = subprocess.run(
            [*alembic, *arguments], cwd=REPO, capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 0, done.stderr
    assert "No new upgrade operations detected" in done.stdout + done.stderr
    assert _differences(url) == []
