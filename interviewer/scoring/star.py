"""STAR structure of a behavioral answer: Situation, Task, Action, Result, by cue phrases.

Each sentence takes the part whose cues it matches most; ties go to the part expected at that
point of the story (Situation first, Result last), which is how listeners read an answer too.
Shares are of spoken units (words; characters for Chinese), so "70 % of the time on the setup"
is visible.
"""

from __future__ import annotations

import re

from interviewer.scoring.results import Ownership, StarPart, StarResult, StarSpan, StarVerdict
from interviewer.scoring.text import Sentence, count_units

PARTS: tuple[StarPart, ...] = ("situation", "task", "action", "result")
_CUES: dict[StarPart, re.Pattern[str]] = {
    "situation": re.compile(
        r"\b(at my (previous|last|current)|when i was|back (in|when)|last (year|quarter)|"
        r"our team|the (team|company|project|product) (was|had)|context|background|"
        r"situation|we were|there was)\b|当时|之前在|那时候|背景|我们团队|项目中|有一次"
    ),
    "task": re.compile(
        r"\b(my (task|job|role|goal|responsibility)|i was (responsible|asked|tasked|in charge)|"
        r"i (needed|had) to|the goal was|we needed to|the challenge was|my mandate)\b|"
        r"我的任务|我负责|负责|目标是|需要我|我要|挑战是"
    ),
    "action": re.compile(
        r"\b(i (decided|built|implemented|proposed|wrote|led|designed|analy[sz]ed|talked|"
        r"set up|created|ran|introduced|organi[sz]ed|convinced|started|worked|reached out|"
        r"scheduled|added|changed|migrated|prototyped|pushed)|first|then|next|after that)\b|"
        r"我(决定|做了|提出|设计|实现|推动|组织|沟通|写了|搭建|分析)|首先|然后|接着|于是"
    ),
    "result": re.compile(
        r"\b(as a result|in the end|eventually|finally|result(ed)?|outcome|reduced|increased|"
        r"improved|cut|saved|launched|shipped|grew|dropped|learned|lesson)\b|%|percent|"
        r"结果|最终|最后|提升|降低|减少|增加|上线|节省|学到"
    ),
}
_MEASURABLE = re.compile(r"\d|percent|百分|倍|一半|twice|half|double|triple")
_I_WORDS = re.compile(r"\b(i|me|my|mine|myself)\b|我(?!们)")
_WE_WORDS = re.compile(r"\b(we|us|our|ours|ourselves)\b|我们")


def analyse_star(sentences: list[Sentence]) -> StarResult:
    """Which STAR parts are present and where, their share, ownership and a verdict."""
    spans = [_label(s, len(sentences)) for s in sentences]
    present = {part: any(span.part == part for span in spans) for part in PARTS}
    total = sum(count_units(s.text) for s in sentences) or 1
    share = {
        part: round(sum(count_units(sp.text) for sp in spans if sp.part == part) / total, 3)
        for part in PARTS
    }
    text = " ".join(s.text for s in sentences).lower()
    i_count, we_count = len(_I_WORDS.findall(text)), len(_WE_WORDS.findall(text))
    results = " ".join(sp.text for sp in spans if sp.part == "result")
    measurable = bool(_MEASURABLE.search(results))
    verdict, advice = _verdict(present, measurable, i_count, we_count, share)
    parts_score = sum(present.values()) / len(PARTS)
    return StarResult(
        present=present,
        spans=spans,
        share_0_1=share,
        i_count=i_count,
        we_count=we_count,
        ownership=_ownership(i_count, we_count),
        measurable_result=measurable,
        verdict=verdict,
        advice=advice,
        structure_0_1=round(0.8 * parts_score + 0.2 * measurable, 3),
    )


def cued_parts(sentences: list[Sentence]) -> int:
    """How many STAR parts some sentence names by an explicit cue (not by position)."""
    text = " ".join(s.text for s in sentences).lower()
    return sum(bool(_CUES[part].search(text)) for part in PARTS)


def _label(sentence: Sentence, n_sentences: int) -> StarSpan:
    lowered = sentence.text.lower()
    counts = {part: len(_CUES[part].findall(lowered)) for part in PARTS}
    position = sentence.index / max(1, n_sentences - 1)
    expected = PARTS[min(3, int(position * 4))]
    best = max(PARTS, key=lambda p: (counts[p], p == expected))
    part = best if counts[best] > 0 else expected
    return StarSpan(part=part, sentence_index=sentence.index, text=sentence.text)


def _ownership(i_count: int, we_count: int) -> Ownership:
    if i_count + we_count == 0:
        return "none"
    if i_count >= 2 * we_count:
        return "I"
    if we_count >= 2 * i_count:
        return "we"
    return "balanced"


def _verdict(
    present: dict[StarPart, bool],
    measurable: bool,
    i_count: int,
    we_count: int,
    share: dict[StarPart, float],
) -> tuple[StarVerdict, str]:
    missing = [p for p in PARTS if not present[p]]
    if "result" in missing:
        return "incomplete", "You never said the Result: end with what changed, ideally a number."
    if missing:
        names = ", ".join(p.title() for p in missing)
        verdict: StarVerdict = "weak" if len(missing) >= 2 else "incomplete"
        return verdict, f"Add the missing STAR part ({names}) so the story holds together."
    if we_count > 2 * max(1, i_count):
        return "incomplete", "Say what *you* did: too much 'we' hides your own contribution."
    if share["situation"] + share["task"] > 0.5:
        return "incomplete", "Spend less time on the setup and more on your actions and results."
    if not measurable:
        return "incomplete", "Quantify the Result (a metric, a percentage, time saved)."
    return "strong", "Complete STAR story with a measurable result; keep it this tight."
