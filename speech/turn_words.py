"""Do the words so far stop where a sentence cannot end? ("and", "so", "um", "the other part is")

A speaker who stops on a conjunction, a filler, an article, a preposition or a linking verb is
mid-thought, however finished the intonation sounds (smart-turn scored a synthesized "the other
part is" 0.97 finished). The rule only ever says "unfinished": words that end like a sentence
prove nothing, because interview answers pause between sentences too. The lists are closed word
classes, not fitted to any answers.

Recognizers often drop fillers and add a final full stop, so punctuation is ignored and a filler
the recognizer kept counts like any other unfinished ending.
"""

from __future__ import annotations

import re

_ENGLISH_UNFINISHED_GROUPS = (
    # conjunctions and discourse links (not "like": "what would it look like?")
    "and or but so because since although unless if when whenever where whereas which who whose",
    "than then as plus nor also namely including",
    # fillers the recognizer may keep
    "um umm uh uhh er erm hmm",
    # articles and possessive determiners (not demonstratives: "I would do that.")
    "a an the my your our their its every",
    # prepositions that are rarely a particle at the end of a sentence
    "of to for with from at into onto between without within against towards toward via per",
    # forms of "be" that announce a complement ("the other part is")
    "is are was were",
)
_ENGLISH_UNFINISHED = frozenset(w for group in _ENGLISH_UNFINISHED_GROUPS for w in group.split())
_CHINESE_UNFINISHED = (
    "然后",
    "所以",
    "因为",
    "但是",
    "可是",
    "而且",
    "还有",
    "以及",
    "或者",
    "就是",
    "那个",
    "另外",
    "一点是",
    "的话",
    "比如",
    "首先",
    "其次",
    "和",
    "跟",
    "嗯",
    "呃",
)
_WORD = re.compile(r"[a-z']+")
_TRAILING = re.compile(r"[\s\W_]+$")


def sounds_unfinished(text: str) -> bool:
    """True when `text` (the answer so far, from the recognizer) stops mid-sentence."""
    stripped = _TRAILING.sub("", text)
    if not stripped:
        return False
    if stripped.endswith(_CHINESE_UNFINISHED):
        return True
    words = _WORD.findall(stripped.lower())
    return bool(words) and words[-1] in _ENGLISH_UNFINISHED and stripped[-1].isascii()
