"""Text that every database accepts, cleaned before it is saved or parsed.

JSON escapes can carry NUL and lone UTF-16 surrogates (`"\\u0000"`, `"\\ud800"`); PostgreSQL
refuses NUL in text and UTF-8 cannot encode a lone surrogate, so an answer holding either would
be lost at commit. Other C0 control characters are never part of an answer.
"""

from __future__ import annotations

import re

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROL_CHARS = dict.fromkeys(c for c in range(32) if chr(c) not in "\t\n")


def clean_text(text: str) -> str:
    """C0 control characters other than tab and newline dropped (carriage returns become
    newlines), lone surrogates replaced with U+FFFD."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_CONTROL_CHARS)
    return _LONE_SURROGATE.sub("\ufffd", text)
