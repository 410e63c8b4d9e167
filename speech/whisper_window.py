"""Whisper's encoder window sized to the audio instead of a fixed 30 s.

faster-whisper pads every window's log-mel features with zeros to 3000 frames (30 s) before
encoding, so a 3 s segment costs as much encoder time as a 30 s one. CTranslate2's Whisper
encoder accepts fewer frames: measured on 2 cores with tiny.en int8, one window of 3000 frames
took ~250 ms, 1000 frames ~31 ms, 500 frames ~15 ms (DESIGN.md; whisper.cpp's `audio_ctx` is
the same idea). The window is the audio rounded up to
a bucket, with a margin of padding kept after the speech, so the encoder still sees where the
audio ends; buckets keep the set of shapes small and let segments of similar length share a
batch. Accuracy (bench/asr.py `--window`, and per bucket size on ../shared/eval/speech's eight
English clips): 10 s buckets gave the full window's WER for tiny.en (2.26 %) and base (0 %);
5 s buckets lost one word with base ("ill disposed" -> "ill sposed"), so the default is 10 s.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import ctranslate2
import numpy as np
from faster_whisper import WhisperModel

FULL_WINDOW_FRAMES = 3000
"""Whisper's fixed window: 30 s of 10 ms log-mel frames."""


@dataclass(frozen=True)
class WindowPolicy:
    """Encoder frames for a window whose speech fills `content_frames`.

    `step_frames` rounds up to buckets (1000 = 10 s); `margin_frames` of padding always follow
    the speech. `step_frames=FULL_WINDOW_FRAMES` is Whisper's own fixed 30 s window."""

    step_frames: int = 1000
    margin_frames: int = 100

    def frames(self, content_frames: int) -> int:
        wanted = max(1, content_frames + self.margin_frames)
        return min(FULL_WINDOW_FRAMES, math.ceil(wanted / self.step_frames) * self.step_frames)


FULL_WINDOW = WindowPolicy(step_frames=FULL_WINDOW_FRAMES, margin_frames=0)


def content_frames(features: np.ndarray) -> int:
    """Frames before the zero padding faster-whisper appends (over a batch: the longest).

    Log-mel frames of real audio are never exactly all zero after Whisper's normalisation, so
    the trailing all-zero columns are the padding."""
    voiced = np.flatnonzero(np.any(features != 0, axis=tuple(range(features.ndim - 1))))
    return int(voiced[-1]) + 1 if voiced.size else 0


class WindowedWhisperModel(WhisperModel):
    """A `WhisperModel` whose encoder sees only the bucketed window, not the padded 30 s.

    Only `encode` changes, so everything faster-whisper does around it (VAD filter, prompts,
    temperature fallback, timestamps) stays as it is. Word-level alignment reads the encoder
    output against the full window, so callers that want word timestamps use `FULL_WINDOW`."""

    window: WindowPolicy = WindowPolicy()

    def encode(self, features: np.ndarray) -> ctranslate2.StorageView:
        frames = self.window.frames(content_frames(features))
        return super().encode(np.ascontiguousarray(features[..., :frames]))
