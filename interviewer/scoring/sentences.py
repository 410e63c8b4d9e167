"""Sentences of an answer, typed or spoken, so each evidence quote is the sentence making a point.

Typed answers carry their own punctuation. Spoken transcripts reach the scorer with few sentence
breaks (Whisper punctuates sparingly and segments are joined), so the transcript's words are
used too: a silence between two words (the VAD closes a piece at every pause, and the decoder
starts a new segment there) ends a sentence. Whatever is still long after that is cut before a
discourse marker ("so", "and then", "because", "然后", "所以"), because a 50-word run quoted for
every key point tells the candidate nothing.
"""

from __future__ import annotations

import re

from interviewer.scoring.text import Sentence, split_sentences, tokens
from speech.types import Transcript, Word

# A gap between words this long is a pause, not the space between words of one segment:
# words spread over a segment abut, and aligned words of fluent speech sit < 0.2 s apart.
PAUSE_BREAK_S = 0.3
# Longer pieces are cut before a discourse marker; shorter ones are kept whole.
MAX_UNITS = 28
_MIN_PIECE_UNITS = 5
_MARKER = re.compile(
    r"\s+(?=(?:so|and then|then|but|also|because|which means|that means|for example|"
    r"first(?:ly)?|second(?:ly)?|third(?:ly)?|finally|another|the other|on the other hand|"
    r"in addition|however|after that|next)\b)"
    r"|(?=(?:然后|所以|因为|但是|另外|而且|首先|其次|最后|比如|也就是说|同时|接着))",
    re.IGNORECASE,
)
_NORMALISE = re.compile(r"[\W_]+")
# A typed answer's code block (markdown fences) and a code line worth reading (one that names
# something, not a lone bracket).
_FENCE = "```"
_CODE_WORD = re.compile(r"[A-Za-z\u4e00-\u9fff]")
_COMMENT = re.compile(r"(?:#\s|//)\s*(.+)")


def answer_sentences(transcript: Transcript) -> list[Sentence]:
    """The answer's sentences, numbered in order: punctuation, pauses, then discourse markers;
    each line of a typed answer's fenced code block is a sentence marked as code."""
    if _FENCE in transcript.text:
        return _with_code(transcript.text)
    runs = _pause_runs(transcript)
    pieces: list[str] = []
    for run in runs:
        pieces.extend(_prose(run))
    return [Sentence(index=i, text=text) for i, text in enumerate(pieces)]


def _prose(text: str) -> list[str]:
    return [piece for sentence in split_sentences(text) for piece in _cut_long(sentence.text)]


def _with_code(text: str) -> list[Sentence]:
    """A typed answer with fenced code: prose split as usual, every code line on its own."""
    pieces: list[tuple[str, bool]] = []
    for part, is_code in _fenced_parts(text):
        if not is_code:
            pieces += [(piece, False) for piece in _prose(part)]
            continue
        # A comment is prose ("# two pointers, advance the smaller head"), read like the talk.
        for line in (line.strip() for line in part.splitlines()):
            comment = _COMMENT.match(line)
            if comment:
                pieces += [(piece, False) for piece in _prose(comment.group(1))]
            elif _CODE_WORD.search(line):
                pieces.append((line, True))
    return [Sentence(i, piece, code) for i, (piece, code) in enumerate(pieces)]


def fenced_code(text: str) -> str:
    """The code of a typed answer's fenced blocks, as a code pad would hold it ("" if none)."""
    return "\n".join(part for part, is_code in _fenced_parts(text) if is_code).strip()


def _fenced_parts(text: str) -> list[tuple[str, bool]]:
    """The text cut at its fences, each part with whether it is a code block's body (without
    the fence line's language tag, "python"). An unclosed fence runs to the end."""
    parts = text.split(_FENCE)
    return [
        (part.split("\n", 1)[1] if "\n" in part else "", True) if position % 2 else (part, False)
        for position, part in enumerate(parts)
    ]


def _pause_runs(transcript: Transcript) -> list[str]:
    """The text cut at pauses between words, when the words spell the text; else the text."""
    words = transcript.words
    if not words or not _words_spell(words, transcript.text):
        return [transcript.text]
    joiner = "" if transcript.language.lower().startswith("zh") else " "
    runs: list[list[str]] = [[]]
    for previous, word in zip((None, *words[:-1]), words, strict=True):
        if previous is not None and word.start_s - previous.end_s >= PAUSE_BREAK_S:
            runs.append([])
        runs[-1].append(word.text.strip())
    return [joiner.join(run) for run in runs if run]


def _words_spell(words: tuple[Word, ...], text: str) -> bool:
    """Whether the words hold exactly the transcript's text (an edited or echo-stripped text
    may no longer match them, and then only the text is trusted)."""
    joined = _NORMALISE.sub("", "".join(w.text for w in words)).lower()
    return bool(joined) and joined == _NORMALISE.sub("", text).lower()


def _cut_long(text: str) -> list[str]:
    """Cut a long piece before discourse markers, never leaving a scrap under five units."""
    if _words(text) <= MAX_UNITS:
        return [text]
    out: list[str] = []
    for part in (p.strip() for p in _MARKER.split(text)):
        if not part:
            continue
        if out and (_words(part) < _MIN_PIECE_UNITS or _words(out[-1]) < _MIN_PIECE_UNITS):
            out[-1] = f"{out[-1]} {part}" if part.isascii() else out[-1] + part
        else:
            out.append(part)
    return out


def _words(text: str) -> float:
    """Roughly words: English tokens, and Chinese characters halved (about two a word)."""
    units = tokens(text)
    cjk = sum(not u.isascii() for u in units)
    return len(units) - cjk / 2
