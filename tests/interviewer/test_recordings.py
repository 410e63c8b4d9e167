"""Recorded answers in the database: lossless FLAC, saved with their turn in one transaction,
replaced by a continuation, expired by retention, and imported from an older release's files;
on SQLite and PostgreSQL."""

from __future__ import annotations

import base64
import io
import subprocess
import sys
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest
import soundfile
import sqlalchemy
from sqlmodel import Session

from interviewer.import_recordings import import_files
from interviewer.leases import LeaseLost
from interviewer.recordings import Recording, RecordingRow, to_wav
from interviewer.storage import NewInterview, NewTurn, Store, TurnAmendment
from tests.conftest import POSTGRES_URL

REPO = Path(__file__).parents[2]


def _postgres_url() -> str:
    schema = f"viva_rec_{uuid.uuid4().hex[:8]}"
    engine = sqlalchemy.create_engine(POSTGRES_URL)
    try:
        with engine.begin() as connection:
            connection.execute(sqlalchemy.text(f"CREATE SCHEMA {schema}"))
    except sqlalchemy.exc.OperationalError as exc:
        pytest.skip(f"PostgreSQL not reachable at {POSTGRES_URL}: {exc}")
    finally:
        engine.dispose()
    return f"{POSTGRES_URL}?options=-csearch_path%3D{schema}"


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'viva.db'}" if request.param == "sqlite" else _postgres_url()


@pytest.fixture
def any_store(url: str) -> Iterator[Store]:
    store = Store(url)
    yield store
    store.engine.dispose()


def _speech(seconds: float, seed: int = 0) -> np.ndarray:
    """Float audio with the spectrum of nothing in particular: FLAC must keep every sample."""
    rng = np.random.default_rng(seed)
    tone = np.sin(2 * np.pi * 180 * np.arange(int(seconds * 16_000)) / 16_000)
    return (0.3 * tone + rng.normal(0, 0.02, tone.size)).astype(np.float32)


def _pcm16(audio: np.ndarray) -> np.ndarray:
    return (np.clip(audio, -1, 1) * 32767).round().astype(np.int16)


def _interview(store: Store) -> str:
    new = NewInterview(
        mode="voice", round="ml_theory", level="L4", language="en", question_ids=["a"]
    )
    return store.create_interview(new).interview.id


def _turn(interview_id: str, index: int, audio_path: str | None) -> NewTurn:
    return NewTurn(
        interview_id=interview_id,
        turn_index=index,
        question_id="a",
        kind="answer",
        interviewer_line="What is overfitting?",
        text="When the model memorises noise.",
        language="en",
        audio_path=audio_path,
    )


def _samples(row: RecordingRow | None) -> np.ndarray:
    assert row is not None
    samples, rate = soundfile.read(io.BytesIO(row.data), dtype="int16")
    assert rate == row.sample_rate
    return np.asarray(samples)


# --- encoding ------------------------------------------------------------------------------
def test_flac_keeps_every_sample_and_plays_back_as_wav() -> None:
    audio = _speech(1.5)
    recording = Recording.encode(audio, 16_000)
    assert (recording.format, recording.sample_rate) == ("flac", 16_000)
    assert recording.data[:4] == b"fLaC"
    assert len(recording.data) < _pcm16(audio).nbytes  # smaller than the PCM16 it replaces
    wav = to_wav(recording.row("i", 0))
    assert wav[:4] == b"RIFF" and wav[8:12] == b"WAVE"
    samples, rate = soundfile.read(io.BytesIO(wav), dtype="int16")
    info = soundfile.info(io.BytesIO(wav))
    assert (rate, info.subtype, info.channels) == (16_000, "PCM_16", 1)
    assert np.array_equal(samples, _pcm16(audio))


def test_a_recording_travels_as_a_data_uri_or_is_read_from_a_file(tmp_path: Path) -> None:
    recording = Recording.encode(_speech(0.5), 16_000)
    uri = recording.data_uri()
    assert uri.startswith("data:audio/flac;base64,")
    assert Recording.read(uri) == recording
    stereo = np.stack([_pcm16(_speech(0.5, 1)), _pcm16(_speech(0.5, 2))], axis=1)
    soundfile.write(tmp_path / "old.wav", stereo, 22_050, subtype="PCM_16")
    from_file = Recording.read(str(tmp_path / "old.wav"))
    assert from_file.sample_rate == 22_050
    decoded, _ = soundfile.read(io.BytesIO(from_file.data), dtype="int16")
    assert decoded.ndim == 1 and decoded.size == stereo.shape[0]


def test_a_data_uri_that_is_not_flac_is_refused(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    soundfile.write(buffer, _pcm16(_speech(0.2)), 16_000, format="WAV")
    forged = "data:audio/flac;base64," + base64.b64encode(buffer.getvalue()).decode()
    with pytest.raises(ValueError, match="not FLAC"):
        Recording.read(forged)


# --- in the store --------------------------------------------------------------------------
def test_a_recording_is_saved_with_its_turn_and_a_continuation_replaces_it(
    any_store: Store,
) -> None:
    interview_id = _interview(any_store)
    first, longer = _speech(1.0, 1), _speech(2.0, 2)
    any_store.save_turn(_turn(interview_id, 0, Recording.encode(first, 16_000).data_uri()))
    any_store.save_turn(_turn(interview_id, 1, None))  # typed, or audio not kept
    turn, _typed = any_store.turns(interview_id)
    assert turn.audio_path is None  # the URI is not kept in the turn
    assert any_store.recorded_turns(interview_id) == {0}
    assert np.array_equal(_samples(any_store.recording(interview_id, 0)), _pcm16(first))
    assert any_store.recording(interview_id, 1) is None

    uri = Recording.encode(longer, 16_000).data_uri()
    any_store.amend_turn(interview_id, 0, TurnAmendment(text="More.", audio_path=uri), None)
    assert np.array_equal(_samples(any_store.recording(interview_id, 0)), _pcm16(longer))
    any_store.amend_turn(interview_id, 0, TurnAmendment(text="Typed on."), None)
    assert np.array_equal(_samples(any_store.recording(interview_id, 0)), _pcm16(longer))
    any_store.amend_turn(interview_id, 1, TurnAmendment(text="Spoke.", audio_path=uri), None)
    assert any_store.recorded_turns(interview_id) == {0, 1}


def test_no_recording_is_saved_when_its_turn_is_not(any_store: Store) -> None:
    interview_id = _interview(any_store)
    assert any_store.claim_lease(interview_id, "tab-1", stale_after_s=30)
    uri = Recording.encode(_speech(0.5), 16_000).data_uri()
    with pytest.raises(LeaseLost):
        any_store.save_turn(_turn(interview_id, 0, uri), owner="tab-2")
    assert any_store.turns(interview_id) == []
    assert any_store.recorded_turns(interview_id) == set()
    # ... and the database itself refuses a recording of a turn that does not exist.
    with pytest.raises(sqlalchemy.exc.IntegrityError), Session(any_store.engine) as session:
        session.add(Recording.encode(_speech(0.1), 16_000).row(interview_id, 5))
        session.commit()


def test_retention_deletes_the_old_recordings_and_keeps_the_recent(any_store: Store) -> None:
    interview_id = _interview(any_store)
    for index in range(2):
        uri = Recording.encode(_speech(0.3, index), 16_000).data_uri()
        any_store.save_turn(_turn(interview_id, index, uri))
    old = datetime.now(UTC) - timedelta(days=40)
    with any_store.engine.begin() as connection:
        connection.execute(
            sqlalchemy.text("UPDATE recordings SET created_at = :old WHERE turn_index = 0"),
            {"old": old.replace(tzinfo=None)},
        )
    assert any_store.expire_audio(datetime.now(UTC) - timedelta(days=30)) == (1, [])
    assert any_store.recorded_turns(interview_id) == {1}
    assert len(any_store.turns(interview_id)) == 2  # the answers themselves stay
    assert any_store.expire_audio(datetime.now(UTC) - timedelta(days=30)) == (0, [])


def test_files_of_an_older_release_are_imported_where_they_are(
    url: str, any_store: Store, tmp_path: Path
) -> None:
    """A team's other hosts import what the upgrade could not find on the host that ran it."""
    interview_id = _interview(any_store)
    here = tmp_path / "0.wav"
    soundfile.write(here, _pcm16(_speech(0.7)), 16_000, subtype="PCM_16")
    for index, path in enumerate([here, tmp_path / "elsewhere.wav"]):
        any_store.save_turn(_turn(interview_id, index, None))
        with any_store.engine.begin() as connection:
            connection.execute(
                sqlalchemy.text("UPDATE turns SET audio_path = :p WHERE turn_index = :i"),
                {"p": str(path), "i": index},
            )
    done = subprocess.run(
        [sys.executable, "-m", "interviewer.import_recordings", url],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "imported 1 recordings; 1 files named in the database not found here" in done.stdout
    assert np.array_equal(_samples(any_store.recording(interview_id, 0)), _pcm16(_speech(0.7)))
    with Session(any_store.engine) as session:
        assert import_files(session) == (0, 1)  # once is enough
