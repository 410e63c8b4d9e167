"""A candidate's profile, read from their resume and the job description they aim at: skills,
domains, level and projects. The candidate edits it; the plan and the deep dives follow it.

Extraction is rules, not a model (the bundled LLM is a base model, DESIGN.md §3):

- skills: the lexicon in interviewer/skills.py, counted in both texts;
- domains: each skill votes for its domain, the job description's skills twice (it says what
  the interview will test), each skill at most three times per text so one repeated word cannot
  decide;
- level: from titles (junior/intern → L3, senior/高级/资深 → L5, staff/专家 → L6,
  principal/首席 → L7, next to a role word such as engineer or 工程师) and from years of
  experience ("7 years", "5+ yrs", "8年经验", or the span of the dated roles): years < 2 → L3,
  < 5 → L4, < 8 → L5, < 12 → L6, else L7. A junior title caps the level, another title raises
  it. The job description decides when it states a level (the mock is for that job), else the
  resume, else L4;
- projects: interviewer/resume_projects.py, from the resume only (a job description has none).
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

from pydantic import BaseModel, ConfigDict, Field, field_validator

from interviewer.resume_projects import extract_projects
from interviewer.skills import HAN, domain_of, skill_counts
from rubrics.deep_dive import Project
from rubrics.schema import LEVELS, Domain, Language, Level

# Longer text is cut here: a resume is a few thousand characters, a job ad a few more.
MAX_TEXT_CHARS = 60_000
MAX_SKILLS = 30
_PER_TEXT_CAP = 3
_JD_WEIGHT = 2
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd]")
_ROLE = (
    r"(?:ml|machine learning|software|data|research|applied|ai|backend|platform|infrastructure|"
    r"mle|swe|nlp|deep learning|computer vision|search|ranking)?\s*"
    r"(?:engineers?|scientists?|developers?|researchers?|architects?|manager|mle|swe)"
)
_TITLES: tuple[tuple[Level, re.Pattern[str]], ...] = (
    (
        "L7",
        re.compile(
            rf"\b(?:principal|distinguished|chief)\s+{_ROLE}|首席(?:科学家|工程师|架构师|专家)",
            re.I,
        ),
    ),
    ("L6", re.compile(rf"\b(?:staff|senior staff)\s+{_ROLE}|(?:高级|资深)?专家|架构师", re.I)),
    (
        "L5",
        re.compile(
            rf"\b(?:senior|sr\.?|lead)\s+{_ROLE}|(?:高级|资深)\S{{0,6}}?(?:工程师|研究员|算法|开发)",
            re.I,
        ),
    ),
    (
        "L3",
        re.compile(
            rf"\b(?:junior|jr\.?|entry[- ]level|graduate|new grad|intern)\s*{_ROLE}?|"
            r"\binternship\b|初级|应届|实习生|校招",
            re.I,
        ),
    ),
)
_YEARS = re.compile(
    r"(\d{1,2}(?:\.\d)?)\s*\+?\s*(?:years?|yrs?)(?:\s+of)?(?:\s+\w+){0,4}?\s+experience|"
    r"(?:experience|经验)[^\d\n]{0,12}(\d{1,2})\s*\+?\s*(?:years?|yrs?|年)|"
    r"(\d{1,2})\s*年以?上?(?:的)?(?:\S{0,8})?(?:工作|开发|研发|相关)?经验",
    re.I,
)
_SPAN = re.compile(
    r"((?:19|20)\d{2})(?:[./年-]\d{1,2}月?)?\s*(?:[-–—~～至到]|to)\s*"
    r"((?:19|20)\d{2}|present|now|current|至今|今)",
    re.I,
)


class Profile(BaseModel):
    """What the plan and the deep dives are tailored to; the candidate may edit every field."""

    model_config = ConfigDict(extra="forbid")

    skills: list[str] = Field(default_factory=list, max_length=60)
    domains: list[Domain] = Field(default_factory=list, max_length=12)
    level: Level = "L4"
    years: float | None = Field(default=None, ge=0, le=60)
    # Why this level, for the page ("title: senior", "7 years", "default").
    level_reason: str = Field(default="", max_length=200)
    projects: list[Project] = Field(default_factory=list, max_length=12)
    # The language most of the text was written in: the deep dives' interview language.
    language: Language = "en"

    @field_validator("skills")
    @classmethod
    def _clean_skills(cls, skills: list[str]) -> list[str]:
        seen: dict[str, str] = {}
        for skill in skills:
            text = " ".join(skill.split())[:60]
            if text:
                seen.setdefault(text.lower(), text)
        return list(seen.values())

    @field_validator("domains")
    @classmethod
    def _unique_domains(cls, domains: list[Domain]) -> list[Domain]:
        return list(dict.fromkeys(domains))


def clean_text(text: str) -> str:
    """Printable text only, cut to MAX_TEXT_CHARS (pasted or PDF text may carry anything)."""
    text = text[:MAX_TEXT_CHARS].replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return _CONTROL.sub(" ", text)


def extract_profile(resume_text: str = "", jd_text: str = "", today: date | None = None) -> Profile:
    """The profile read from a resume and/or a job description (see the module's rules)."""
    resume, jd = clean_text(resume_text), clean_text(jd_text)
    today = today or date.today()
    counts = _capped(skill_counts(resume)) + _weighted(_capped(skill_counts(jd)), _JD_WEIGHT)
    level, years, reason = _level_of(jd, today, spans=False)
    if reason == "default":
        level, years, reason = _level_of(resume, today, spans=True)
    return Profile(
        skills=[name for name, _ in counts.most_common(MAX_SKILLS)],
        domains=_domains(counts),
        level=level,
        years=years,
        level_reason=reason,
        projects=extract_projects(resume) if resume.strip() else [],
        language=_language(resume + "\n" + jd),
    )


def _capped(counts: Counter[str]) -> Counter[str]:
    return Counter({name: min(count, _PER_TEXT_CAP) for name, count in counts.items()})


def _weighted(counts: Counter[str], weight: int) -> Counter[str]:
    return Counter({name: count * weight for name, count in counts.items()})


def _domains(counts: Counter[str]) -> list[Domain]:
    votes: Counter[Domain] = Counter()
    for name, count in counts.items():
        domain = domain_of(name)
        if domain is not None:
            votes[domain] += count
    return [domain for domain, _ in sorted(votes.items(), key=lambda kv: (-kv[1], kv[0]))]


def _level_of(text: str, today: date, spans: bool) -> tuple[Level, float | None, str]:
    """(level, years, reason) from one text; reason "default" when it says nothing.
    `spans`: also count the years covered by dated roles (a resume's, not a job ad's)."""
    title = next((level for level, pattern in _TITLES if pattern.search(text)), None)
    years = _stated_years(text)
    if years is None and spans:
        years = _spanned_years(text, today)
    by_years = _level_for_years(years) if years is not None else None
    if title is None and by_years is None:
        return "L4", None, "default"
    if title is None:
        assert by_years is not None
        return by_years, years, f"{years:g} years"
    if by_years is None:
        return title, None, f"title {title}"
    if title == "L3":  # a junior title caps what the years say
        return min(title, by_years, key=LEVELS.index), years, f"junior title, {years:g} years"
    best = max(title, by_years, key=LEVELS.index)
    return best, years, f"title {title}, {years:g} years"


def _stated_years(text: str) -> float | None:
    found = [float(next(g for g in match.groups() if g)) for match in _YEARS.finditer(text)]
    return max(found) if found else None


def _spanned_years(text: str, today: date) -> float | None:
    """Years from the earliest dated start to the latest end (today for "present")."""
    starts, ends = [], []
    for start, end in _SPAN.findall(text):
        starts.append(int(start))
        ends.append(int(end) if end[:2] in ("19", "20") else today.year)
    if not starts:
        return None
    span = max(ends) - min(starts)
    return float(span) if 0 <= span <= 50 else None


def _level_for_years(years: float) -> Level:
    for limit, level in ((2, "L3"), (5, "L4"), (8, "L5"), (12, "L6")):
        if years < limit:
            return level  # type: ignore[return-value]
    return "L7"


def _language(text: str) -> Language:
    han = len(HAN.findall(text))
    words = len(re.findall(r"[A-Za-z]+", text))
    return "zh" if han > words else "en"
