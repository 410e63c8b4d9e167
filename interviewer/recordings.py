"""Recorded answers, kept in the database so that any replica can replay any answer.

A recording used to be a WAV file in one replica's data directory, named by `turns.audio_path`:
a candidate who resumed on another replica, or a coach whose request reached another host,
got no audio. Now each recording is one row of `recordings`, written in the same transaction
as its turn (a continuation replaces it), and served as WAV by whichever replica is asked.

It is stored as FLAC (lossless, 16-bit): 16 kHz mono speech takes about 1.8 times less room
than the PCM16 WAV it replaces (measured on the clips of ../shared/eval/speech: 1.78x).

A recording travels from the voice loop to the store inside `NewTurn.audio_path` /
`TurnAmendment.audio_path` as a `data:audio/flac;base64,...` URI (RFC 2397), so it reaches the
turn's transaction without a file on local disk; a plain path there names a file to import.

`turns.audio_path` itself is no longer written: it keeps, for turns recorded before revision
0006, where that release kept the file. `python -m interviewer.import_recordings URL` imports
those files into the database on a host that holds them (the migration imports those of the
host that runs it).
"""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import soundfile
from sqlalchemy import Column, ForeignKeyConstraint, LargeBinary, delete
from sqlmodel import Field as SQLField
from sqlmodel import Session, SQLModel, col, select

FORMAT = "flac"
_DATA_URI_PREFIX = "data:audio/flac;base64,"


def _now() -> datetime:
    return datetime.now(UTC)


class RecordingRow(SQLModel, table=True):
    """One answer's recording; its turn must exist (a composite foreign key), so a recording
    can never outlive or precede the turn it belongs to."""

    __tablename__ = "recordings"
    __table_args__ = (
        ForeignKeyConstraint(
            ["interview_id", "turn_index"], ["turns.interview_id", "turns.turn_index"]
        ),
    )
    interview_id: str = SQLField(primary_key=True)
    turn_index: int = SQLField(primary_key=True, sa_column_kwargs={"autoincrement": False})
    format: str
    sample_rate: int
    data: bytes = SQLField(sa_column=Column(LargeBinary, nullable=False))
    # When it was recorded: audio retention counts from here.
    created_at: datetime = SQLField(default_factory=_now)


@dataclass(frozen=True)
class Recording:
    """An encoded recording, before it is stored."""

    data: bytes
    sample_rate: int
    format: str = FORMAT

    @classmethod
    def encode(cls, audio: np.ndarray, sample_rate: int) -> Recording:
        """FLAC of mono audio (float in [-1, 1], or int16), at 16 bits."""
        return cls(encode_flac(audio, sample_rate), sample_rate)

    @classmethod
    def read(cls, reference: str) -> Recording:
        """The recording a turn is saved with: a `data:audio/flac;base64,` URI from
        `data_uri`, or the path of an audio file (any format soundfile reads) to import."""
        if reference.startswith(_DATA_URI_PREFIX):
            data = base64.b64decode(reference.removeprefix(_DATA_URI_PREFIX), validate=True)
            info = soundfile.info(io.BytesIO(data))
            if info.format != "FLAC":
                raise ValueError(f"a recording URI holds {info.format}, not FLAC")
            return cls(data, int(info.samplerate))
        samples, sample_rate = read_pcm16(reference)
        return cls.encode(samples, sample_rate)

    def data_uri(self) -> str:
        """The recording as a string that `NewTurn.audio_path` can carry to the store."""
        return _DATA_URI_PREFIX + base64.b64encode(self.data).decode("ascii")

    def row(self, interview_id: str, turn_index: int) -> RecordingRow:
        return RecordingRow(
            interview_id=interview_id,
            turn_index=turn_index,
            format=self.format,
            sample_rate=self.sample_rate,
            data=self.data,
        )


def _pcm16(audio: np.ndarray) -> np.ndarray:
    if audio.ndim > 1:  # several channels: their mean
        audio = audio.mean(axis=1)
    if audio.dtype == np.int16:
        return audio
    return (np.clip(audio, -1.0, 1.0) * 32767).round().astype(np.int16)


def encode_flac(audio: np.ndarray, sample_rate: int) -> bytes:
    buffer = io.BytesIO()
    soundfile.write(buffer, _pcm16(audio), sample_rate, format="FLAC", subtype="PCM_16")
    return buffer.getvalue()


def read_pcm16(path: str | Path) -> tuple[np.ndarray, int]:
    """A file's samples as mono int16, and its rate."""
    samples, sample_rate = soundfile.read(str(path), dtype="int16", always_2d=True)
    if samples.shape[1] > 1:
        return _pcm16(samples.astype(np.float32) / 32768), int(sample_rate)
    return samples[:, 0], int(sample_rate)


def to_wav(row: RecordingRow) -> bytes:
    """The recording as a 16-bit PCM WAV, which every browser's <audio> plays."""
    samples, sample_rate = soundfile.read(io.BytesIO(row.data), dtype="int16")
    buffer = io.BytesIO()
    soundfile.write(buffer, samples, sample_rate, format="WAV", subtype="PCM_16")
    return buffer.getvalue()


# --- database access, inside a Store's session -----------------------------------------------
def put_recording(session: Session, interview_id: str, turn_index: int, new: Recording) -> None:
    """Add the turn's recording, or replace it (a continuation is recorded whole again)."""
    row = session.get(RecordingRow, (interview_id, turn_index))
    if row is None:
        session.add(new.row(interview_id, turn_index))
        return
    row.format, row.sample_rate, row.data = new.format, new.sample_rate, new.data
    row.created_at = _now()
    session.add(row)


def recorded_turns(session: Session, interview_id: str) -> set[int]:
    """The turns of an interview that have a recording (without loading the audio)."""
    query = select(RecordingRow.turn_index).where(RecordingRow.interview_id == interview_id)
    return set(session.exec(query))


def expire_recordings(session: Session, recorded_before: datetime) -> int:
    """Delete the recordings made before `recorded_before`; returns how many. Not committed."""
    deleted = session.execute(
        delete(RecordingRow).where(col(RecordingRow.created_at) < recorded_before)
    )
    return int(deleted.rowcount)  # type: ignore[attr-defined]
