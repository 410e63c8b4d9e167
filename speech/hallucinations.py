"""Find what Whisper wrote but nobody said: echoes of its prompt and repetition loops.

Whisper base primed with the question, given a Mandarin answer it cannot make out, copies the
question into the transcript and then loops on a token ("请讲一个你负责的项目。轮 轮 轮 轮…"). Both
must go before a transcript is shown or scored: an echoed question would earn the candidate
credit for the question's own key terms.

- **Echo**: a run of the transcript copied from one sentence of the prompt that is at least
  `ECHO_MIN_WEIGHT` long (12 Chinese characters or 6 words: a word counts 2, a character 1, so
  mixed text is weighed fairly) or is that whole sentence and at least
  `SENTENCE_ECHO_MIN_WEIGHT` long; a transcript that opens with the prompt's own opening
  (`OPENING_ECHO_MIN_WEIGHT`), as Whisper's copies do; or the whole transcript when it lies
  inside the prompt and weighs at least `WHOLE_ECHO_MIN_WEIGHT`. A candidate rarely restates a
  question word for word at that length, and a restated question carries no answer content
  anyway; a short answer that happens to use the question's words ("L1", "是的") is kept.
- **Loop**: a unit of 1-16 tokens repeated `LOOP_MIN_REPEATS` times or more in a row, plus a
  truncated copy of it at the end of the run; one occurrence is kept. Speech repeats a word
  three times at most ("对对对"); decoding loops run on until the token budget is spent.

Comparison is on tokens (one per CJK or kana character, one per run of other letters and digits),
in Simplified characters and lower case, so punctuation, spacing and script do not hide a copy.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from difflib import SequenceMatcher

from speech.chinese import to_simplified

ECHO_MIN_WEIGHT = 12
OPENING_ECHO_MIN_WEIGHT = 4
SENTENCE_ECHO_MIN_WEIGHT = 6
WHOLE_ECHO_MIN_WEIGHT = 4
LOOP_MIN_REPEATS = 4
LOOP_MAX_UNIT_TOKENS = 16
_CHARACTER_SCRIPTS = r"\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_SENTENCE_END = re.compile(r"[.?!。？！]+(?:\s|$)|[。？！]+")
_TOKEN = re.compile(rf"[{_CHARACTER_SCRIPTS}]|[^\W_{_CHARACTER_SCRIPTS}]+")

Span = tuple[int, int]


@dataclass(frozen=True)
class _Token:
    key: str
    start: int
    end: int

    @property
    def weight(self) -> int:
        return 1 if self.end - self.start == 1 and not self.key.isascii() else 2


def _tokens(text: str) -> list[_Token]:
    return [_Token(to_simplified(m[0]).lower(), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def hallucinated_spans(text: str, prompt: str | None) -> list[Span]:
    """Character spans of `text` that echo `prompt` or repeat in a loop, sorted, not overlapping.

    A span runs from the first removed token to the start of the next kept one, so punctuation
    between removed tokens goes with them.
    """
    tokens = _tokens(text)
    removed = [False] * len(tokens)
    if prompt:
        _mark_echoes(tokens, _sentences(prompt), removed)
    _mark_loops(tokens, removed)
    return _spans(tokens, removed, len(text))


def without_spans(text: str, spans: Iterable[Span]) -> str:
    """`text` with the given sorted, non-overlapping spans cut out."""
    kept, at = [], 0
    for start, end in spans:
        kept.append(text[at:start])
        at = end
    kept.append(text[at:])
    return "".join(kept)


def remove_hallucinations(text: str, prompt: str | None) -> str:
    """`text` without prompt echoes and repetition loops, stripped."""
    return without_spans(text, hallucinated_spans(text, prompt)).strip()


def _mark_echoes(tokens: list[_Token], prompt: list[list[_Token]], removed: list[bool]) -> None:
    keys = [t.key for t in tokens]
    sentences = [[t.key for t in sentence] for sentence in prompt]
    whole_prompt = [key for sentence in sentences for key in sentence]
    if _weight(tokens) >= WHOLE_ECHO_MIN_WEIGHT and _is_sublist(keys, whole_prompt):
        removed[:] = [True] * len(tokens)
        return
    opening = _common_prefix(keys, sentences[0]) if sentences else 0
    if _weight(tokens[:opening]) >= OPENING_ECHO_MIN_WEIGHT:
        removed[:opening] = [True] * opening
    for sentence in sentences:
        _mark_copies(tokens, sentence, removed)


def _mark_copies(tokens: list[_Token], sentence: list[str], removed: list[bool]) -> None:
    """Mark runs copied from one prompt sentence that weigh `ECHO_MIN_WEIGHT` or more, again
    and again, since an echo may be repeated."""
    while True:
        remaining = [i for i, gone in enumerate(removed) if not gone]
        matcher = SequenceMatcher(
            None, [tokens[i].key for i in remaining], sentence, autojunk=False
        )
        runs = [remaining[b.a : b.a + b.size] for b in matcher.get_matching_blocks()]
        long_runs = [run for run in runs if _is_echo([tokens[i] for i in run], len(sentence))]
        if not long_runs:
            return
        for run in long_runs:
            for i in run:
                removed[i] = True


def _is_echo(run: list[_Token], sentence_length: int) -> bool:
    weight = _weight(run)
    whole_sentence = len(run) == sentence_length
    return weight >= ECHO_MIN_WEIGHT or (whole_sentence and weight >= SENTENCE_ECHO_MIN_WEIGHT)


def _mark_loops(tokens: list[_Token], removed: list[bool]) -> None:
    kept = [i for i, gone in enumerate(removed) if not gone]
    keys = [tokens[i].key for i in kept]
    at = 0
    while at < len(keys):
        loop = _loop_at(keys, at)
        if loop is None:
            at += 1
            continue
        unit, end = loop
        for position in range(at + unit, end):
            removed[kept[position]] = True
        at = end


def _loop_at(keys: list[str], at: int) -> tuple[int, int] | None:
    """(unit length, end) of the shortest unit repeated `LOOP_MIN_REPEATS`+ times from `at`."""
    for unit in range(1, LOOP_MAX_UNIT_TOKENS + 1):
        pattern = keys[at : at + unit]
        if len(pattern) < unit:
            return None
        end = at + unit
        while keys[end : end + unit] == pattern:
            end += unit
        if (end - at) // unit >= LOOP_MIN_REPEATS:
            while end < len(keys) and keys[end] == pattern[(end - at) % unit]:
                end += 1  # a last copy cut short by the token budget
            return unit, end
    return None


def _sentences(prompt: str) -> list[list[_Token]]:
    """The prompt's tokens, sentence by sentence: a copied run never spans two sentences (an
    English prompt is the question followed by a list of terms)."""
    sentences: list[list[_Token]] = []
    at = 0
    for match in _SENTENCE_END.finditer(prompt + "."):
        tokens = [
            replace(t, start=t.start + at, end=t.end + at)
            for t in _tokens(prompt[at : match.start()])
        ]
        if tokens:
            sentences.append(tokens)
        at = match.end()
    return sentences


def _weight(tokens: list[_Token]) -> int:
    return sum(t.weight for t in tokens)


def _common_prefix(a: list[str], b: list[str]) -> int:
    size = 0
    while size < min(len(a), len(b)) and a[size] == b[size]:
        size += 1
    return size


def _is_sublist(needle: list[str], haystack: list[str]) -> bool:
    size = len(needle)
    return size > 0 and any(
        haystack[i : i + size] == needle for i in range(len(haystack) - size + 1)
    )


def _spans(tokens: list[_Token], removed: list[bool], text_length: int) -> list[Span]:
    spans: list[Span] = []
    run_start: int | None = None
    for token, gone in zip(tokens, removed, strict=True):
        if gone and run_start is None:
            run_start = token.start
        elif not gone and run_start is not None:
            spans.append((run_start, token.start))
            run_start = None
    if run_start is not None:
        spans.append((run_start, text_length))
    return spans
