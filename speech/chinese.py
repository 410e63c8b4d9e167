"""Traditional -> Simplified Chinese conversion of transcripts.

Whisper base often writes Mandarin in Traditional characters ("歡迎" for "欢迎") even with
`language="zh"`; rubrics and candidates use Simplified, so transcripts are converted before they
are shown or scored. OpenCC's dictionary-based converter is pure Python and thread-safe for reads.
"""

from __future__ import annotations

from functools import lru_cache

from opencc import OpenCC


@lru_cache(maxsize=1)
def _t2s() -> OpenCC:
    return OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Convert Traditional characters to Simplified; other text passes through unchanged."""
    return str(_t2s().convert(text)) if text else text
