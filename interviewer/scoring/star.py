"""STAR structure of a behavioral answer, read from what each sentence does, and the level the
story reads at.

Each sentence takes the part whose cues it carries: context and stakes (Situation), what had to
be done (Task), what the speaker did (Action: a first-person deed), what came of it (Result: an
outcome, a change, a number, a lesson). A sentence with no cue continues the part before it; it
never *becomes* a Result by sitting last (the old positional default reported a Result in
stories that had none). A sentence opening on when or where the story happened ("Last year my
teammate and I disagreed ...") is the Situation whatever its verb, and a part the candidate
names ("Result: ...") holds until they name another: prep-guide stories typed that way had
their Result read as Action (5 of 7 outside stories reported no Result). Shares are of spoken
units (words; characters for Chinese).

The level read weighs scope (own team, another team, several teams or the organisation),
ownership (I rather than we, leading), influence (aligning, convincing, a mechanism others
reuse) and a measured impact, against the question's `level_expectations` and the chosen level,
and gives one line on what the next level's answer would show.
"""

from __future__ import annotations

import re

from interviewer.scoring.results import Ownership, StarPart, StarResult, StarSpan, StarVerdict
from interviewer.scoring.text import Sentence, count_units
from rubrics.schema import LEVELS, Language, Level, Question

PARTS: tuple[StarPart, ...] = ("situation", "task", "action", "result")
# When or where the story happened: a Situation cue anywhere, and at a sentence's opening the
# Situation whatever its verb (_OPENING_FRAME).
_WHEN = (
    r"at my (?:previous|last|current|first)|when i (?:was|joined|started)|back (?:in|when)|"
    r"last (?:year|quarter|summer)|in (?:19|20)\d\d|a few (?:years|months) ago"
)
_ZH_WHEN = r"当时|之前在|那时候|有一次|那年|去年"
_CUES: dict[StarPart, re.Pattern[str]] = {
    "situation": re.compile(
        rf"\b({_WHEN}|our team (was|had)|"
        r"the (team|company|project|product|service|model|pipeline) (was|had|were)|context|"
        r"background|situation|we were|there (was|were)|i was (working|an?|the|on)|"
        rf"had been|used to)\b|{_ZH_WHEN}|背景|项目中"
    ),
    "task": re.compile(
        r"\b(my (task|job|role|goal|responsibility|mandate)|i was (responsible|asked|tasked|"
        r"in charge|supposed)|i (needed|had) to|the (goal|task|ask) was|we (needed|had) to|"
        r"the challenge was|it was (up to|on) me|i had to)\b|"
        r"我的任务|我负责|目标是|需要我|我要|挑战是|我的职责"
    ),
    "action": re.compile(
        r"\b(i (\w+ed|built|wrote|rewrote|ran|made|set|took|led|met|sent|gave|spoke|began|"
        r"chose|brought|told|did|found|went|got|put|kept|held|sat|drew|broke|split|"
        r"sought|thought|taught|stepped|dug|shared|pulled|reached|paired|volunteered)|"
        r"i (then|also|first) \w+|(first|then|next|after that|so) i)\b|"
        r"我(决定|做了|提出|设计|实现|推动|组织|沟通|写了|搭建|分析|找了|拉了|主动|先|又|就)|"
        r"首先|然后|接着|于是"
    ),
    "result": re.compile(
        r"\b(as a result|in the end|eventually|the (result|outcome|impact)|resulted|"
        r"(reduced|increased|improved|cut|saved|dropped|grew|doubled|halved|fell|rose|went) "
        r"(\w+ ){0,4}(by|from|to)|we (shipped|launched|hit|met|delivered)|"
        r"(it|this|that) (shipped|launched|worked|paid off)|since then|i learned|i learnt|"
        r"lesson|looking back|was promoted|adopted by|now (uses|use|runs)|turned out|"
        r"the (test|data|experiment|numbers|a/b test) showed|(he|she|they) agreed|it worked|"
        # A settled choice is how a disagreement or a decision ended.
        r"(we|they|he|she|and) (\w+ ){0,3}(went with|settled on))\b|"
        r"\d+ ?(%|percent|x\b|times)|结果|最终|最后(我们)?(上线|完成|提升|降低)|提升了|降低了|"
        r"减少了|增加了|节省了|上线了|学到|教训|后来(团队|大家)|下降了|上升了|提高了|缩短了|"
        r"翻了|百分之|[一二三四五六七八九十两]倍|解决了|从此|现在(团队|大家)?都"
    ),
}
# Ties between cues: a sentence stating an outcome is a Result even if it names an action.
_PRIORITY: dict[StarPart, int] = {"result": 3, "task": 2, "action": 1, "situation": 0}
# A sentence opening on when or where the story happened sets the scene, even where its verb
# reads as a deed ("Last year my teammate and I disagreed about ..." is the Situation, not
# an Action); unless it also names the task or an outcome.
_OPENING_FRAME = re.compile(
    rf"^(?:so,?\s+|well,?\s+|ok(?:ay)?,?\s+)?(?:{_WHEN}|last month|"
    r"a couple of (?:years|months) ago|a while ago)\b|"
    rf"^(?:{_ZH_WHEN})"
)
_MEASURABLE = re.compile(r"\d|percent|百分|倍|一半|twice|half|double|triple")
_I_WORDS = re.compile(r"\b(i|me|my|mine|myself)\b|我(?!们)")
_WE_WORDS = re.compile(r"\b(we|us|our|ours|ourselves)\b|我们")
SETUP_SHARE_LIMIT = 0.5

# Level signals, each read as present or not.
_CROSS_TEAM = re.compile(
    r"\b(other|another|partner|two|three|several|multiple|adjacent) teams?\b|cross[- ]team|"
    r"stakeholders?|\bpm\b|product manager|director|vp\b|leadership|跨团队|其他团队|兄弟团队|"
    r"两个团队|多个团队|相关方|老板|领导"
)
_ORG_WIDE = re.compile(
    r"\b(organi[sz]ation|org[- ]wide|company[- ]wide|across the (org|company)|every team|"
    r"all teams|several orgs|program|strategy|strategic|roadmap|multi[- ]quarter|"
    r"headcount)\b|全公司|整个部门|战略|多个部门|路线图"
)
_INFLUENCE = re.compile(
    r"\b(convinced|persuaded|aligned|got buy[- ]in|brought .{0,20} together|negotiated|"
    r"mentored|coached|proposed|escalated|facilitated|won over)\b|说服|对齐|推动|协调|争取"
)
_MECHANISM = re.compile(
    r"\b(process|mechanism|runbook|playbook|template|standard|guideline|checklist|framework|"
    r"adopted|reused|now (uses|use)|default)\b|机制|流程|规范|模板|沿用|推广"
)
_LEADING = re.compile(r"\bi (led|owned|drove|decided|proposed|took ownership)\b|我主导|我牵头")


def analyse_star(
    sentences: list[Sentence],
    question: Question | None = None,
    level: Level | None = None,
    language: Language = "en",
) -> StarResult:
    """Which STAR parts are present and where, their share, ownership, a verdict and a level
    read against `question.level_expectations` and the chosen `level`."""
    spans = _label_all(sentences)
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
    verdict, key = _verdict(present, measurable, i_count, we_count, share)
    missing = ", ".join(p.title() for p in PARTS if not present[p])
    advice = _ADVICE[language][key].format(missing=missing)
    read = read_level(text, i_count, we_count, measurable)
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
        level_read=read,
        level_target=level,
        level_advice=level_advice(read, level, question, language),
    )


def cued_parts(sentences: list[Sentence]) -> int:
    """How many STAR parts some sentence names by an explicit cue (not by position)."""
    text = " ".join(s.text for s in sentences).lower()
    return sum(bool(_CUES[part].search(text)) for part in PARTS)


# The speaker tells of something they (or their team) did or would do: "I was", "we shipped",
# "I once disagreed", "I would first ask", "我们上线了", "砍掉了", "当时". An explanation of a
# technique says "we can use" or "we need", never this.
_PAST_VERB = (
    r"(?:was|were|had|did|got|made|took|went|led|built|ran|found|saw|told|wrote|spent|began|"
    r"chose|brought|sent|set|put|kept|left|met|thought|knew|felt|gave|won|lost|"
    r"(?!need\b|feed\b|seed\b|embed\b)\w{2,}ed)"
)
_PERSONAL = re.compile(
    r"\b(?:i|we)\s+(?:(?:once|then|also|just|finally|quickly|immediately|eventually|first|"
    r"later|actually|really|all|both)\s+)?" + _PAST_VERB + r"\b|\bi\s+would\b|\bi'd\b|"
    # Chinese often drops the pronoun: a completed action's 了 (not 为了 "in order to", 除了).
    r"我们?.{0,8}[了过会]|(?<![为除])了|当时|那次|有一次"
)
STORY_PARTS = 2


def tells_own_experience(sentences: list[Sentence]) -> bool:
    """Whether a behavioral answer is the speaker's own account: STAR cues for at least two
    parts, or a first-person deed ("we shipped", "I once disagreed", "I would ask").

    A behavioral rubric describes a story's shape ("states a measurable result"), so any text
    earns some similarity to it, and the bank contrast cannot place an explanation of a
    technique (outside answers of that kind scored 3-4.6 on behavioral questions). An answer
    that tells of nothing the speaker did is about something else, whatever its length.
    """
    if cued_parts(sentences) >= STORY_PARTS:
        return True
    return any(_PERSONAL.search(s.text.lower()) for s in sentences)


# A candidate who names the part ("Result: the app shipped ...", "结果：……") has said what the
# sentences that follow do, until they name another.
_LABELS: dict[str, StarPart] = {
    **{part: part for part in PARTS},
    "情境": "situation",
    "情景": "situation",
    "背景": "situation",
    "任务": "task",
    "行动": "action",
    "结果": "result",
}
_LABEL = re.compile(rf"^\W*({'|'.join(_LABELS)})s?\s*(?:[:：]|[-–—]\s)")


def _label_all(sentences: list[Sentence]) -> list[StarSpan]:
    spans: list[StarSpan] = []
    previous: StarPart = "situation"
    section: StarPart | None = None
    for sentence in sentences:
        lowered = sentence.text.lower()
        named = _LABEL.match(lowered)
        if named:
            section = _LABELS[named.group(1)]
        part = section or _part_of(lowered) or _continuing(previous)
        spans.append(StarSpan(part=part, sentence_index=sentence.index, text=sentence.text))
        previous = part
    return spans


def _part_of(lowered: str) -> StarPart | None:
    counts = {part: len(_CUES[part].findall(lowered)) for part in PARTS}
    if not any(counts.values()):
        return None
    if _OPENING_FRAME.search(lowered.lstrip()) and not counts["task"] and not counts["result"]:
        return "situation"
    return max(PARTS, key=lambda p: (counts[p] > 0, _PRIORITY[p] if counts[p] else -1))


def _continuing(previous: StarPart) -> StarPart:
    """A sentence without cues goes on with what came before; after the Task, that is the
    work (an uncued sentence after "my job was to..." describes doing it)."""
    return "action" if previous == "task" else previous


def read_level(text: str, i_count: int, we_count: int, measurable: bool) -> Level:
    """The level the story reads at, from scope, ownership, influence and impact."""
    owns = i_count >= we_count and i_count > 0
    cross_team = bool(_CROSS_TEAM.search(text))
    org_wide = bool(_ORG_WIDE.search(text))
    influence = bool(_INFLUENCE.search(text)) or bool(_LEADING.search(text))
    mechanism = bool(_MECHANISM.search(text))
    if not owns:
        return "L3"
    if org_wide and influence and mechanism:
        return "L7"
    if cross_team and influence and (mechanism or measurable):
        return "L6"
    if cross_team or (mechanism and measurable):
        return "L5"
    return "L4" if measurable or influence else "L3"


def level_advice(
    read: Level, target: Level | None, question: Question | None, language: Language = "en"
) -> str:
    """One line: where the story reads against the chosen level, and what the next level shows.

    The question's `level_expectations` are written in English, so a Chinese interview gets
    the general line in Chinese rather than an English quote."""
    expectations = question.level_expectations if question is not None else {}
    aim = target if target is not None and LEVELS.index(target) > LEVELS.index(read) else None
    nxt = aim or (LEVELS[LEVELS.index(read) + 1] if read != LEVELS[-1] else None)
    if language == "zh":
        chosen = f"（你选择的是 {target}）" if target else ""
        if nxt is None:
            return f"这个故事读起来是 {read} 水平{chosen}：范围、主导和影响都体现出来了。"
        return (
            f"这个故事读起来是 {read} 水平{chosen}。要达到 {nxt}：讲出更大的范围（其他团队）、"
            "你自己对决策的影响，以及可衡量、能持续的结果。"
        )
    against = f" against the {target} you chose" if target else ""
    if nxt is None:
        return f"The story reads at {read}{against}: scope, ownership and impact all show."
    expected = expectations.get(nxt)
    if expected:
        return f"The story reads at {read}{against}. To read at {nxt}: {expected}"
    return (
        f"The story reads at {read}{against}. To read at {nxt}, show wider scope (other teams), "
        "your own influence on the decision and a lasting, measured impact."
    )


def _ownership(i_count: int, we_count: int) -> Ownership:
    if i_count + we_count == 0:
        return "none"
    if i_count >= 2 * we_count:
        return "I"
    if we_count >= 2 * i_count:
        return "we"
    return "balanced"


_ADVICE: dict[Language, dict[str, str]] = {
    "en": {
        "no_result": "You never said the Result: end with what changed, ideally a number.",
        "missing": "Add the missing STAR part ({missing}) so the story holds together.",
        "we": "Say what *you* did: too much 'we' hides your own contribution.",
        "setup": "Spend less time on the setup and more on your actions and results.",
        "unmeasured": "Quantify the Result (a metric, a percentage, time saved).",
        "strong": "Complete STAR story with a measurable result; keep it this tight.",
    },
    "zh": {
        "no_result": "你没有讲结果：最后说清楚带来了什么变化，最好有数字。",
        "missing": "补上缺少的 STAR 部分（{missing}），让故事完整。",
        "we": "多讲“你”做了什么：太多“我们”会掩盖你自己的贡献。",
        "setup": "背景铺垫太长，多讲你的行动和结果。",
        "unmeasured": "把结果量化（指标、百分比、节省的时间）。",
        "strong": "STAR 结构完整，结果可衡量；保持这样紧凑。",
    },
}


def _verdict(
    present: dict[StarPart, bool],
    measurable: bool,
    i_count: int,
    we_count: int,
    share: dict[StarPart, float],
) -> tuple[StarVerdict, str]:
    """The verdict and the key of its advice line."""
    missing = [p for p in PARTS if not present[p]]
    if "result" in missing:
        return "incomplete", "no_result"
    if missing:
        return ("weak" if len(missing) >= 2 else "incomplete"), "missing"
    if we_count > 2 * max(1, i_count):
        return "incomplete", "we"
    if share["situation"] + share["task"] > SETUP_SHARE_LIMIT:
        return "incomplete", "setup"
    if not measurable:
        return "incomplete", "unmeasured"
    return "strong", "strong"
