"""piper's espeak-ng bridge (`piper.espeakbridge`) keeps process-global C state: the voice set
last and its phoneme buffer. Every caller (piper voices, and the English terms of Kokoro's
Chinese lines) enters it under this one lock."""

from __future__ import annotations

import threading

ESPEAK_LOCK = threading.Lock()
