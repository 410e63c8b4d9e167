"""Turn a stream of LLM tokens into speakable sentences (English and Chinese).

TTS is started one sentence at a time so the first audio plays while the model is still writing,
which makes a sentence boundary a latency decision: split too late and the candidate waits, split
wrongly ("e.g." or "3.5") and the voice pauses mid-thought. A Latin `.`, `!` or `?` ends a sentence
only once the next character is known (space or a CJK character), so decimals and file names
arriving token by token are never cut; Chinese `。！？；` end a sentence at once. A run-on longer
than `max_chars` is flushed at its last comma so a long clause never holds up the voice.
"""

from __future__ import annotations

import re

_CJK_ENDINGS = "。！？；"
_LATIN_ENDINGS = ".!?"
_CLOSERS = "\"'”’」』)]）"
_CLAUSE_BREAKS = ",，、;:："
# Never end a sentence: titles and Latin abbreviations that are always followed by more text.
_NEVER_FINAL = frozenset(
    {"dr", "mr", "mrs", "ms", "prof", "st", "no", "fig", "vs", "e.g", "i.e", "cf"}
)
# End a sentence only when the next word is capitalised ("... and so on, etc. Next ...").
_MAYBE_FINAL = frozenset({"etc", "inc", "ltd", "co", "al", "approx", "u.s", "jr", "sr"})
_LAST_WORD = re.compile(r"([\w.]+)$")
DEFAULT_MAX_CHARS = 180


def _is_cjk(char: str) -> bool:
    return "\u3400" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff"


def _abbreviation_blocks(before: str, after: str) -> bool:
    """True when the `.` ending `before` belongs to an abbreviation, given the text `after`."""
    match = _LAST_WORD.search(before)
    if match is None:
        return False
    word = match.group(1).lower().lstrip(".")
    if word in _NEVER_FINAL or (len(word) == 1 and word.isalpha()):
        return True
    next_word = after.lstrip()
    return word in _MAYBE_FINAL and not (next_word[:1].isupper())


def _sentence_end(text: str) -> int | None:
    """Index just past the first complete sentence in `text`, or None if none is certain yet."""
    i = 0
    while i < len(text):
        char = text[i]
        if char == "\n":
            return i + 1
        if char not in _CJK_ENDINGS and char not in _LATIN_ENDINGS:
            i += 1
            continue
        j = i + 1
        while j < len(text) and (text[j] in _CLOSERS or text[j] in _LATIN_ENDINGS + _CJK_ENDINGS):
            j += 1
        if char in _CJK_ENDINGS:
            return j
        if j == len(text):
            return None  # the next token decides: "3." may become "3.5"
        separated = text[j].isspace() or _is_cjk(text[j])
        if separated and not (char == "." and _abbreviation_blocks(text[:i], text[j:])):
            return j
        i = j
    return None


def _clause_cut(text: str, max_chars: int) -> int:
    """Where to cut an over-long run-on: after its last comma, else its last space, else hard."""
    window = text[:max_chars]
    for breaks in (_CLAUSE_BREAKS, " "):
        cut = max(window.rfind(mark) for mark in breaks)
        if cut > 0:
            return cut + 1
    return max_chars


def _speakable(sentence: str) -> bool:
    return any(char.isalnum() for char in sentence)


class SentenceChunker:
    """Accumulates tokens; `feed` returns the sentences they completed, `flush` the remainder."""

    def __init__(self, max_chars: int = DEFAULT_MAX_CHARS) -> None:
        self._max_chars = max_chars
        self._buffer = ""

    def feed(self, token: str) -> list[str]:
        self._buffer += token
        sentences: list[str] = []
        while (end := _sentence_end(self._buffer)) is not None:
            sentences.append(self._buffer[:end])
            self._buffer = self._buffer[end:]
        while len(self._buffer) > self._max_chars:
            cut = _clause_cut(self._buffer, self._max_chars)
            sentences.append(self._buffer[:cut])
            self._buffer = self._buffer[cut:]
        return [s.strip() for s in sentences if _speakable(s)]

    def flush(self) -> list[str]:
        """The text left at the end of the stream, as a final sentence if it has any words."""
        rest, self._buffer = self._buffer.strip(), ""
        return [rest] if _speakable(rest) else []


def split_sentences(text: str, max_chars: int = DEFAULT_MAX_CHARS) -> list[str]:
    """Split authored text (a rubric question, a follow-up) the same way as a token stream."""
    chunker = SentenceChunker(max_chars)
    return chunker.feed(text) + chunker.flush()
