"""The authoring rules: what `python -m rubrics validate` enforces on top of the schema.

The schema stays permissive so a user can load a quick rubric of their own; these rules are the
bar for the bundled bank, where the interviewer relies on them (a Chinese paraphrase per key point
to score Chinese answers, a follow-up for every heavy key point, a STAR skeleton for behavioral
answers). Each rule returns every problem it finds, never only the first.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from rubrics.errors import FieldProblem
from rubrics.round_rules import behavioral_star, design_stages
from rubrics.schema import Bilingual, Question

SNAKE_CASE = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")
# Han ideographs: a zh text must contain one (pinyin or English alone is not Chinese).
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# Han plus CJK punctuation and full-width forms: none may leak into an en text, where TTS reads it.
CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")

KEY_POINTS_MIN, KEY_POINTS_MAX = 3, 7
WEIGHT_SUM_TOLERANCE = 0.01
MISTAKES_MIN = 2
FOLLOW_UPS_MIN = 2
SOLUTION_OUTLINE_MIN = 3
# Other ways the question is asked, for the matcher: a few in English and one in Chinese at least.
ASKED_AS_MIN = 3
# A code pad rubric names at least two things the code must do (one is a test, not a rubric).
CODE_REQUIREMENTS_MIN, CODE_REQUIREMENTS_MAX = 2, 8
# The core points: at least one, at most this many and this share of the weight, so a complete
# answer still has depth to add beyond them.
CORE_POINTS_MAX = 3
CORE_WEIGHT_MAX = 0.6
# A key point this heavy must have a follow-up that probes it, or missing it goes unasked.
PROBED_WEIGHT = 0.2

# fmt: off
EN_REQUEST_OPENERS = frozenset({
    "design", "explain", "walk", "tell", "describe", "how", "what", "why", "when", "which", "who",
    "where", "compare", "contrast", "implement", "write", "give", "talk", "estimate", "derive",
    "outline", "sketch", "build", "discuss", "list", "show", "define", "propose", "share",
})
ZH_REQUEST_OPENERS = (
    "请", "说说", "讲讲", "谈谈", "聊聊", "介绍", "描述", "设计", "解释", "比较", "实现", "写",
    "估算", "推导", "举例",
)
# fmt: on

# Rule = one check over a question, yielding every problem it finds.
Rule = Callable[[Question], Iterator[FieldProblem]]


def quality_problems(question: Question) -> list[FieldProblem]:
    """Every authoring-rule problem in `question` (integrity is checked by `integrity.py`)."""
    return [problem for rule in RULES for problem in rule(question)]


def ids_snake_case(question: Question) -> Iterator[FieldProblem]:
    """Ids are lowercase snake_case: no leading digit or underscore, no doubled underscore."""
    named = [
        ("id", question.id),
        *((f"key_points[{i}].id", kp.id) for i, kp in enumerate(question.key_points)),
        *((f"common_mistakes[{i}].id", m.id) for i, m in enumerate(question.common_mistakes)),
        *((f"follow_ups[{i}].id", fu.id) for i, fu in enumerate(question.follow_ups)),
        *((f"code_requirements[{i}].id", r.id) for i, r in enumerate(question.code_requirements)),
    ]
    for field, value in named:
        if not SNAKE_CASE.match(value):
            yield FieldProblem(field, f"{value!r} is not lowercase snake_case")


def key_point_weights(question: Question) -> Iterator[FieldProblem]:
    """3–7 key points whose weights sum to 1 (each weight is the point's share of the score)."""
    count = len(question.key_points)
    if not KEY_POINTS_MIN <= count <= KEY_POINTS_MAX:
        yield FieldProblem(
            "key_points", f"has {count} key points, needs {KEY_POINTS_MIN}-{KEY_POINTS_MAX}"
        )
    total = sum(kp.weight for kp in question.key_points)
    if abs(total - 1.0) > WEIGHT_SUM_TOLERANCE:
        yield FieldProblem("key_points", f"weights sum to {total:.3f}, must be 1.0 ± 0.01")


def key_point_evidence(question: Question) -> Iterator[FieldProblem]:
    """Each key point can be recognised cheaply in both languages: paraphrases and terms."""
    for index, kp in enumerate(question.key_points):
        where = f"key_points[{index}]"
        if not kp.paraphrases:
            yield FieldProblem(f"{where}.paraphrases", "needs at least one paraphrase")
        elif not any(HAN.search(text) for text in kp.paraphrases):
            yield FieldProblem(f"{where}.paraphrases", "needs at least one Chinese paraphrase")
        if not kp.terms:
            yield FieldProblem(f"{where}.terms", "needs at least one term")


def asked_as(question: Question) -> Iterator[FieldProblem]:
    """`python -m rubrics match` finds a question by its other phrasings, in both languages."""
    english = [text for text in question.asked_as if not HAN.search(text)]
    if len(english) < ASKED_AS_MIN:
        yield FieldProblem("asked_as", f"needs at least {ASKED_AS_MIN} English phrasings")
    if len(english) == len(question.asked_as):
        yield FieldProblem("asked_as", "needs at least one Chinese phrasing")
    prompts = {question.prompt.en.casefold(), question.prompt.zh}
    for index, text in enumerate(question.asked_as):
        if text.casefold() in prompts or text in question.asked_as[:index]:
            yield FieldProblem(f"asked_as[{index}]", "repeats the prompt or another phrasing")


# A sentence end inside a cue: ". ", "? ", "! " before more text, or Chinese 。？！ before more.
_SENTENCE_BREAK = re.compile(r"[.?!]\s+\S|[。？！]\s*\S")


def common_mistakes(question: Question) -> Iterator[FieldProblem]:
    """At least two misconceptions, each with a cue (mistakes are detected by cues only)."""
    if len(question.common_mistakes) < MISTAKES_MIN:
        yield FieldProblem(
            "common_mistakes",
            f"has {len(question.common_mistakes)}, needs at least {MISTAKES_MIN}",
        )
    for index, mistake in enumerate(question.common_mistakes):
        if not mistake.cues:
            yield FieldProblem(f"common_mistakes[{index}].cues", "needs at least one cue")
        for cue in mistake.cues:
            if _SENTENCE_BREAK.search(cue.strip()):
                yield FieldProblem(
                    f"common_mistakes[{index}].cues",
                    f"{cue!r} spans two sentences; the scorer matches a cue within one",
                )


def follow_ups(question: Question) -> Iterator[FieldProblem]:
    """Two or more follow-ups, one deepening (`probes: []`), every heavy key point probed."""
    if len(question.follow_ups) < FOLLOW_UPS_MIN:
        yield FieldProblem(
            "follow_ups", f"has {len(question.follow_ups)}, needs at least {FOLLOW_UPS_MIN}"
        )
    if question.follow_ups and all(fu.probes for fu in question.follow_ups):
        yield FieldProblem("follow_ups", "needs a deepening follow-up with probes: []")
    probed = {probe for fu in question.follow_ups for probe in fu.probes}
    for index, kp in enumerate(question.key_points):
        if kp.weight >= PROBED_WEIGHT and kp.id not in probed:
            yield FieldProblem(
                f"key_points[{index}]",
                f"weight {kp.weight} >= {PROBED_WEIGHT} but no follow-up probes {kp.id!r}",
            )


def languages(question: Question) -> Iterator[FieldProblem]:
    """Every zh text holds Chinese characters and every en text holds none."""
    for field, text in _bilingual_fields(question):
        if not HAN.search(text.zh):
            yield FieldProblem(f"{field}.zh", "contains no Chinese characters")
        leaked = CJK.search(text.en)
        if leaked:
            yield FieldProblem(f"{field}.en", f"contains CJK character {leaked.group()!r}")


def prompt_is_a_question(question: Question) -> Iterator[FieldProblem]:
    """The prompt is spoken as a question or a clear request.

    Deliberately simple: the en prompt ends with '?' or its last sentence opens with a word from
    EN_REQUEST_OPENERS ("Design a feed ranker." passes); the zh prompt ends with a question mark
    or its last sentence opens with a word from ZH_REQUEST_OPENERS ("请介绍…。" passes).
    """
    en = question.prompt.en.strip()
    last_en = re.split(r"(?<=[.!?])\s+", en)[-1]
    first_word = re.split(r"[^A-Za-z']+", last_en, maxsplit=1)[0].lower()
    if not en.endswith("?") and first_word not in EN_REQUEST_OPENERS:
        yield FieldProblem("prompt.en", "is neither a question ending in '?' nor a request")
    zh = question.prompt.zh.strip()
    last_zh = [part for part in re.split(r"[。！？!?]", zh) if part.strip()][-1:] or [""]
    if not zh.endswith(("？", "?")) and not last_zh[0].strip().startswith(ZH_REQUEST_OPENERS):
        yield FieldProblem("prompt.zh", "is neither a question ending in '？' nor a request")


def solution_outline(question: Question) -> Iterator[FieldProblem]:
    count = len(question.solution_outline)
    if count < SOLUTION_OUTLINE_MIN:
        yield FieldProblem(
            "solution_outline", f"has {count} points, needs at least {SOLUTION_OUTLINE_MIN}"
        )


def chinese_report_texts(question: Question) -> Iterator[FieldProblem]:
    """A Chinese interview's report shows the outline, tips and corrections in Chinese, so each
    has its Chinese text: the same number of outline points and tips, each with Chinese in it."""
    pairs = (
        ("solution_outline_zh", question.solution_outline, question.solution_outline_zh),
        ("tips_zh", question.tips, question.tips_zh),
    )
    for field, english, chinese in pairs:
        if len(chinese) != len(english):
            yield FieldProblem(field, f"has {len(chinese)} items for {len(english)} in English")
        for index, text in enumerate(chinese):
            if not HAN.search(text):
                yield FieldProblem(f"{field}[{index}]", "contains no Chinese characters")
    for index, mistake in enumerate(question.common_mistakes):
        if mistake.correction.strip() and not HAN.search(mistake.correction_zh):
            yield FieldProblem(
                f"common_mistakes[{index}].correction_zh", "missing: the correction in Chinese"
            )


def code_requirements(question: Question) -> Iterator[FieldProblem]:
    """Code requirements belong to coding questions: 2-8 of them, each shown by a term in code.

    Optional, since a theory question has no code pad; where present, the scorer checks typed
    code by the terms alone, so a requirement without one could never be seen.
    """
    requirements = question.code_requirements
    if not requirements:
        return
    if question.domain != "coding":
        yield FieldProblem(
            "code_requirements", f"only coding questions have them, not domain {question.domain!r}"
        )
    if not CODE_REQUIREMENTS_MIN <= len(requirements) <= CODE_REQUIREMENTS_MAX:
        yield FieldProblem(
            "code_requirements",
            f"has {len(requirements)}, needs {CODE_REQUIREMENTS_MIN}-{CODE_REQUIREMENTS_MAX}",
        )
    for index, requirement in enumerate(requirements):
        if not any(term.strip() for term in requirement.terms):
            yield FieldProblem(f"code_requirements[{index}].terms", "needs at least one term")


def core_points(question: Question) -> Iterator[FieldProblem]:
    """1 to CORE_POINTS_MAX core points carrying at most CORE_WEIGHT_MAX of the weight: the
    scorer gives an answer stating them most of the content, so marking none leaves a concise
    correct answer scored as a partial one, and marking most pays a partial answer in full."""
    core = [kp for kp in question.key_points if kp.core]
    if not core:
        yield FieldProblem("key_points", "marks no core point (core: true)")
        return
    if len(core) > CORE_POINTS_MAX:
        yield FieldProblem(
            "key_points", f"marks {len(core)} core points, at most {CORE_POINTS_MAX}"
        )
    weight = sum(kp.weight for kp in core)
    if weight > CORE_WEIGHT_MAX + WEIGHT_SUM_TOLERANCE:
        yield FieldProblem(
            "key_points", f"core points weigh {weight:.2f}, at most {CORE_WEIGHT_MAX}"
        )


def _bilingual_fields(question: Question) -> Iterator[tuple[str, Bilingual]]:
    yield "prompt", question.prompt
    for index, kp in enumerate(question.key_points):
        yield f"key_points[{index}].text", kp.text
    for index, mistake in enumerate(question.common_mistakes):
        yield f"common_mistakes[{index}].text", mistake.text
    for index, follow_up in enumerate(question.follow_ups):
        yield f"follow_ups[{index}].text", follow_up.text
    for index, requirement in enumerate(question.code_requirements):
        yield f"code_requirements[{index}].text", requirement.text


RULES: tuple[Rule, ...] = (
    ids_snake_case,
    key_point_weights,
    core_points,
    key_point_evidence,
    asked_as,
    common_mistakes,
    follow_ups,
    languages,
    prompt_is_a_question,
    solution_outline,
    chinese_report_texts,
    code_requirements,
    design_stages,
    behavioral_star,
)
