"""Text that every database accepts: PostgreSQL refuses NUL in text columns, and lone
surrogates cannot be encoded as UTF-8 at all. Cleaned before saving so an answer is never lost
to an encoding error; other control characters carry nothing a reader could see."""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def clean_text(text: str) -> str:
    """Drop C0 control characters except tab and newlines; replace lone surrogates."""
    return _SURROGATE.sub("\ufffd", _CONTROL.sub("", text))
