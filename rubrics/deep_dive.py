"""Project deep-dive questions: authored bilingual templates filled with a candidate's project.

Interviewers spend much of a real loop on the candidate's own resume ("what part was yours?",
"how did you measure that 40 %?"), so a mock tailored to a resume asks the same. The bundled LLM
is a base model that cannot write such a question (DESIGN.md §3), so every deep dive comes from a
template written here: five angles (ownership, measured results, trade-offs, failure, scale),
each a complete rubric — STAR-shaped key points, cue-detected mistakes, follow-ups that probe each
heavy key point, an outline and tips, in English and Chinese — so the conductor, the scorer and
the report use a deep dive exactly like a bank question. The project only fills slots: its name,
a claim, a technology.

The English texts stay free of Chinese characters (English speech synthesis cannot read them;
`rubrics.quality` checks the bank for the same reason): a project named in Chinese is "your first
project" in English, and a claim written in Chinese is "a measured improvement".
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field

from rubrics.deep_dive_templates import TEMPLATES, Template, TemplateKeyPoint
from rubrics.schema import (
    LEVELS,
    Bilingual,
    CommonMistake,
    Domain,
    FollowUp,
    KeyPoint,
    Level,
    Question,
)

# Deep dives are drawn from the first projects only: a mock has at most eight questions.
MAX_PROJECTS = 4
PER_PROJECT = 3
DEEP_DIVE_PREFIX = "dd_"
_CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth")
# Behavioral answers are read against these (interviewer/scoring/star.py); written in English
# as the scorer expects. Scope and ownership of one's own project, by level.
LEVEL_EXPECTATIONS: dict[Level, str] = {
    "L3": "explains their own task on the project clearly and what they learned from it",
    "L4": "owns a component end to end, names a decision they made and a measured result",
    "L5": "owns the project's design, weighs alternatives with data and states the trade-offs",
    "L6": "sets direction across teams, shows influence beyond their code and lasting impact",
    "L7": "shapes the organisation's technical strategy and leaves mechanisms others reuse",
}


class Project(BaseModel):
    """One project from a resume, as the candidate may edit it: what the templates fill in."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1, max_length=120)
    # What was built, in a phrase ("a real-time fraud scoring service").
    summary: str = Field(default="", max_length=300)
    # Results with numbers, as written ("cut p99 latency 40%").
    claims: list[str] = Field(default_factory=list, max_length=8)
    technologies: list[str] = Field(default_factory=list, max_length=20)
    domain: Domain = "system_design"


@dataclass(frozen=True)
class Slots:
    """The values a template's {placeholders} take, per language."""

    en: dict[str, str]
    zh: dict[str, str]


def slots_for(project: Project, index: int) -> Slots:
    """The project's name, first claim and first technology, each safe for its language."""
    ordinal = _ORDINALS[min(index, len(_ORDINALS) - 1)]
    claim = project.claims[0] if project.claims else ""
    tech = project.technologies[0] if project.technologies else ""
    en = {
        "name": _english(project.name, f"your {ordinal} project"),
        "claim": _english(f'"{claim}"', "a measured improvement")
        if claim
        else "a measured improvement",
        "tech": _english(tech, "your main framework") if tech else "your main framework",
    }
    zh = {
        "name": f"“{project.name}”",
        "claim": f"“{claim}”" if claim else "一项可衡量的改进",
        "tech": tech or "主要的框架或工具",
    }
    return Slots(en, zh)


def templates_for(project: Project) -> list[Template]:
    """The angles worth asking about this project, best first: ownership always, then the
    measured result when it names one (else scale), then a trade-off when a technology is
    named (else what went wrong)."""
    by_angle = {template.angle: template for template in TEMPLATES}
    second = "results" if project.claims else "scale"
    third = "tradeoffs" if project.technologies else "failure"
    return [by_angle["ownership"], by_angle[second], by_angle[third]][:PER_PROJECT]


def deep_dive_questions(projects: Sequence[Project], salt: str, year: int) -> list[Question]:
    """Every deep dive for the first MAX_PROJECTS projects, interleaved by angle (each project's
    ownership question first) so a short mock covers several projects.

    `salt` (the owner and profile) goes into each id with the question's content, so ids are
    unique per owner and a given id always means the same question."""
    per_project = [
        [fill(template, project, index, salt, year) for template in templates_for(project)]
        for index, project in enumerate(projects[:MAX_PROJECTS])
    ]
    return [
        questions[rank]
        for rank in range(PER_PROJECT)
        for questions in per_project
        if rank < len(questions)
    ]


def fill(template: Template, project: Project, index: int, salt: str, year: int) -> Question:
    """One complete Question from a template and a project."""
    slots = slots_for(project, index)
    question = Question(
        id="dd_pending",
        round="behavioral",
        domain=project.domain,
        levels=list(LEVELS),
        frequency=5,  # every loop asks about the resume
        importance=5,
        year=year,
        prompt=_bilingual(template.prompt, slots),
        asked_as=[
            *(line.format_map(slots.en) for line in template.asked_as[0]),
            *(line.format_map(slots.zh) for line in template.asked_as[1]),
        ],
        key_points=[_key_point(kp, project, slots) for kp in template.key_points],
        common_mistakes=[
            CommonMistake(
                id=m.id,
                text=_bilingual(m.text, slots),
                cues=list(m.cues),
                correction=m.correction[0],
                correction_zh=m.correction[1],
            )
            for m in template.mistakes
        ],
        follow_ups=[
            FollowUp(id=f.id, text=_bilingual(f.text, slots), probes=list(f.probes))
            for f in template.follow_ups
        ],
        solution_outline=[line.format_map(slots.en) for line in template.outline[0]],
        solution_outline_zh=[line.format_map(slots.zh) for line in template.outline[1]],
        tips=list(template.tips[0]),
        tips_zh=list(template.tips[1]),
        related_topics=list(project.technologies[:8]),
        target_time_s=150,
        competency=template.competency,
        level_expectations=dict(LEVEL_EXPECTATIONS),
    )
    return question.model_copy(update={"id": question_id(question, salt)})


def question_id(question: Question, salt: str) -> str:
    """`dd_` and 12 hex digits of a hash of the salt and everything but the id."""
    content = json.dumps(question.model_dump(exclude={"id"}), sort_keys=True, ensure_ascii=False)
    digest = hashlib.sha256(f"{salt}\n{content}".encode()).hexdigest()
    return f"{DEEP_DIVE_PREFIX}{digest[:12]}"


def is_deep_dive_id(question_id: str) -> bool:
    return question_id.startswith(DEEP_DIVE_PREFIX)


def _english(text: str, fallback: str) -> str:
    return fallback if _CJK.search(text) else text


def _bilingual(pair: tuple[str, str], slots: Slots) -> Bilingual:
    return Bilingual(en=pair[0].format_map(slots.en), zh=pair[1].format_map(slots.zh))


def _key_point(spec: TemplateKeyPoint, project: Project, slots: Slots) -> KeyPoint:
    terms = list(spec.terms)
    if spec.technology_terms:
        terms += [tech for tech in project.technologies[:5] if tech not in terms]
    return KeyPoint(
        id=spec.id,
        text=_bilingual(spec.text, slots),
        weight=spec.weight,
        paraphrases=list(spec.paraphrases),
        terms=terms,
        core=spec.core,
    )
