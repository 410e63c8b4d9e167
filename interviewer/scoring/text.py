"""Language-aware text pieces shared by every scoring signal.

One tokenizer serves English, Chinese and the code-switched mix candidates actually speak
("用 dropout 防止过拟合"): ASCII words are lower-cased and lightly stemmed, CJK runs become
character bigrams (Chinese has no spaces, and bigrams match technical words without a
segmenter dictionary). Everything here is pure and deterministic.

Word segmentation, measured and not adopted (2026-12-03): jieba's words in place of the bigrams
gave SAS-ADS question-grouped CV Pearson / Spearman / QWK 0.539 / 0.520 / 0.516 (its search
mode, adding the words inside long words, 0.539 / 0.520 / 0.518), and jieba's words added to
the bigrams 0.544 / 0.515 / 0.532, against 0.551 / 0.515 / 0.534 with bigrams alone (why it
is lower was not studied; jieba is still used for the voice's phrasing).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from rubrics.schema import Language

# ASCII stops need a following space so "0.5" and "e.g." inside a sentence stay whole. A
# semicolon joins clauses of one claim ("...; with a single head they are averaged"), so it
# does not end a sentence.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|(?<=[。！？…])\s*|\n+")
# "1. " at the start of the text or after a space: a numbered list's marker when its
# neighbours are markers too (_list_items). "1)" never ended a sentence, so it is left alone.
_LIST_MARKER = re.compile(r"(?:^|(?<=\s))(\d{1,2})\.\s+")
_CLAUSE_BREAK = re.compile(r"[,，、:：]\s*|\s+(?:and|but|while|whereas|because|so that)\s+")
_ASCII_WORD = re.compile(r"[a-z0-9][a-z0-9+#'_]*")
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
_POSSESSIVE = re.compile(r"(?<=[a-z])'s\b")
_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9+#'_-]*|[\u4e00-\u9fff]")
# Markdown a typed answer is written in: a heading's hashes, a bullet or quote marker opening a
# line, and paired bold/italic marks standing apart from words (so "x**2" keeps its power).
_MARKDOWN_LEAD = re.compile(r"^\s*(?:#{1,6}|[*+>-])\s+", re.MULTILINE)
_MARKDOWN_EMPHASIS = re.compile(r"(?<![\w*])(\*\*|__|\*)(?=\S)(.+?)(?<=\S)\1(?![\w*])")

_EN_STOPWORD_TEXT = """
a an the and or but if then so of to in on at by for with from as into onto about over under
is are was were be been being am do does did doing have has had having it its it's this that
these those there here what which who whom whose when where why how i me my we our us you your
he she they them their his her not no nor can could would should will shall may might must
also just very really quite some any each every such thing things way get got make made let
lets like well yeah okay ok um uh
"""
EN_STOPWORDS = frozenset(_EN_STOPWORD_TEXT.split())
# Function characters carry grammar, not content; bigrams containing them are dropped.
ZH_FUNCTION_CHARS = frozenset(
    "的了是在和与或及就也都而但并我们你他她它这那个些很被把对于从到为以之其等吗呢吧啊嗯呃"
)
_NEGATION_TEXT = """
not no never none cannot can't don't doesn't didn't isn't aren't wasn't weren't won't
shouldn't wouldn't nor neither without instead rather
"""
# "one" and "1" answer "what is the base case" equally.
_NUMBER_WORD_TEXT = "zero one two three four five six seven eight nine ten"
_NUMBER_WORDS = {w: str(i) for i, w in enumerate(_NUMBER_WORD_TEXT.split())}
ZH_PARTICLES = frozenset("的了吗呢吧啊嗯呃")
NEGATIONS = frozenset(_NEGATION_TEXT.split())
ZH_NEGATIONS = ("不", "没", "无", "非", "别", "未")


@dataclass(frozen=True)
class Sentence:
    """One sentence of an answer, with its index (cited as evidence) and its text; `code`
    marks a line of a typed answer's fenced code block (sentences.py), read by its words only."""

    index: int
    text: str
    code: bool = False


def split_sentences(text: str) -> list[Sentence]:
    """Split on sentence punctuation and line breaks, in either language; an item of a
    numbered list is one sentence with its number (see _list_items)."""
    pieces = [p.strip() for p in _SENTENCE_END.split(_list_items(text))]
    return [Sentence(index=i, text=p) for i, p in enumerate(p for p in pieces if _has_word(p))]


def _list_items(text: str) -> str:
    """Start each item of an inline numbered list ("1. Assign ... 2. Update ...") on its own
    line, its marker written "2)": a "2." ends no sentence, so the items were cut into a bare
    number and an unnumbered sentence, and "Steps: 1." became a sentence of its own.

    A number is a list marker only where the one after it (or before it) is one too, so
    "the loss dropped by 2. Then ..." keeps its full stop."""
    found = list(_LIST_MARKER.finditer(text))
    numbers = {int(m.group(1)) for m in found}
    out, start = [], 0
    for marker in found:
        number = int(marker.group(1))
        if number + 1 not in numbers and number - 1 not in numbers:
            continue
        out += [text[start : marker.start()].rstrip(), f"\n{number}) "]
        start = marker.end()
    return "".join([*out, text[start:]])


def split_clauses(text: str) -> list[str]:
    """Split a reference answer into clause-sized key points (sentences, then commas).

    Clauses shorter than three tokens are merged into their neighbour: a point must say something.
    """
    clauses: list[str] = []
    for sentence in split_sentences(text):
        for clause in _CLAUSE_BREAK.split(sentence.text):
            clause = clause.strip()
            if not _has_word(clause):
                continue
            if clauses and (len(tokens(clause)) < 3 or len(tokens(clauses[-1])) < 3):
                clauses[-1] = f"{clauses[-1]} {clause}"
            else:
                clauses.append(clause)
    return clauses


def _has_word(text: str) -> bool:
    return bool(_TOKEN.search(text))


def tokens(text: str) -> list[str]:
    """Surface tokens: ASCII words (lower-case) and single CJK characters, in order."""
    return [t.lower() for t in _TOKEN.findall(text)]


@dataclass(frozen=True)
class TermToken:
    """One surface token in order, with its content term (None for stopwords and grammar)."""

    text: str
    term: str | None


def term_tokens(text: str) -> list[TermToken]:
    """Tokens in order with their terms, for matching a phrase in order: stemmed English content
    words, and every Chinese character but the modal particles. Chinese keeps 是/就/等于 because a
    misconception often lives in exactly that relation ("金丝雀就是 A/B 测试")."""
    out: list[TermToken] = []
    for token in tokens(text):
        if token.isascii():
            out.append(TermToken(token, None if token in EN_STOPWORDS else stem(token)))
        else:
            out.append(TermToken(token, None if token in ZH_PARTICLES else token))
    return out


def stem(word: str) -> str:
    """A light English suffix stripper: enough to match overfits/overfitting/overfit."""
    for suffix in ("ations", "ation", "ings", "ing", "ies", "ied", "es", "ed", "ly", "s"):
        if len(word) > len(suffix) + 2 and word.endswith(suffix):
            word = word[: -len(suffix)]
            if suffix in ("ies", "ied"):
                word += "y"
            break
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "ls":
        word = word[:-1]
    return word


def quotable(text: str) -> str:
    """A sentence as the report quotes it: without the markdown marks a typed answer carries
    ("### Labeling: ...", "* ML category: ..."), which are layout, not what the candidate said."""
    plain = _MARKDOWN_LEAD.sub("", text)
    plain = _MARKDOWN_EMPHASIS.sub(r"\2", plain)
    return " ".join(plain.split())


def content_terms(text: str) -> set[str]:
    """Stemmed English content words plus Chinese content bigrams, for lexical overlap.

    Negators are grammar, not content ("no" and "not" are stopwords, and so are "doesn't" and
    "without"): polarity is read by claims.py, and as terms they gave a key point whose other
    words its siblings share ("more trees doesn't overfit") full word credit from any "doesn't".
    """
    # A possessive is its noun: "each side's position" says "side".
    lowered = _POSSESSIVE.sub("", text.lower())
    terms = {
        _NUMBER_WORDS.get(w, stem(w))
        for w in _ASCII_WORD.findall(lowered)
        if w not in EN_STOPWORDS and w not in NEGATIONS
    }
    for run in _CJK_RUN.findall(lowered):
        if len(run) == 1 and run not in ZH_FUNCTION_CHARS:
            terms.add(run)
        for a, b in itertools.pairwise(run):
            if a not in ZH_FUNCTION_CHARS and b not in ZH_FUNCTION_CHARS:
                terms.add(a + b)
    return terms


def containment(needle: set[str], haystack: set[str]) -> float:
    """Share of `needle`'s terms found in `haystack` (0 when the needle is empty)."""
    if not needle:
        return 0.0
    return len(needle & haystack) / len(needle)


def has_negation(text: str) -> bool:
    """Whether a sentence negates something: embeddings cannot see this, so rules must."""
    words = set(tokens(text))
    apostrophe_free = {w.replace("'", "") for w in words}
    if words & NEGATIONS or apostrophe_free & {n.replace("'", "") for n in NEGATIONS}:
        return True
    return any(n in text for n in ZH_NEGATIONS)


def count_units(text: str) -> int:
    """Spoken units: English words plus Chinese characters (the zh rate is chars per minute)."""
    return len(tokens(text))


def language_of(language: str) -> Language:
    """The rubric language for an interview language tag ("zh", "zh-CN", "en", "en-US")."""
    return "zh" if language.lower().startswith("zh") else "en"
