"""The projects a resume names, read by layout rules: sections, titles and bullets.

Rules, in order:

1. A heading line ("Projects", "项目经历", ...) opens a projects section; "Experience" (工作经历)
   opens an experience section; any other known heading ("Education", "技能") closes both.
2. In a projects section, a line that is not a bullet starts a project: its name is the line
   without dates, a "Project 1:" / "项目一：" label or a trailing description after " — ", " | "
   or ":" (that description becomes the summary). Bullets below it belong to it, and a
   "Tech:" / "技术栈：" line lists its technologies.
3. With no projects section, each bullet of the experience section (of the whole text when it
   has no headings) that opens with a building verb ("Built a feature store...", "负责搭建...")
   is a project named by the verb's object, best kept when it states a result.
4. A claim is a clause with a number and a unit or a change ("cut p99 latency 40%",
   "from 200ms to 120ms", "准确率提升15%"). Technologies are the lexicon's skills named in the
   project's text (interviewer/skills.py), its domain the domain most of them belong to.

The candidate edits the result on the profile page, so the rules favour a short, right list
over a complete one.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from interviewer.skills import BY_NAME, skill_counts
from rubrics.deep_dive import Project
from rubrics.schema import Domain

MAX_PROJECTS = 6
MAX_CLAIMS = 4
MAX_TECHNOLOGIES = 10
_BULLET = re.compile(r"^\s*(?:[-*•·●▪◦‣–—]|\d{1,2}[.)、](?!\d)|[(（]\d{1,2}[)）])\s*")
_HEADINGS: dict[str, tuple[str, ...]] = {
    "projects": (
        "projects", "project", "project experience", "selected projects", "key projects",
        "personal projects", "side projects", "project highlights", "项目经历", "项目经验",
        "主要项目", "项目", "项目介绍",
    ),
    "experience": (
        "experience", "work experience", "professional experience", "employment",
        "work history", "工作经历", "工作经验", "实习经历", "工作履历",
    ),
    "other": (
        "education", "skills", "technical skills", "awards", "publications", "certifications",
        "summary", "about", "about me", "languages", "interests", "profile", "contact",
        "教育背景", "教育经历", "专业技能", "技能", "技能清单", "获奖", "获奖经历", "荣誉",
        "自我评价", "个人简介", "个人信息", "论文", "证书",
    ),
}  # fmt: skip
_HEADING_OF = {name: kind for kind, names in _HEADINGS.items() for name in names}
_DATES = re.compile(
    r"[(（]?\s*(?:(?:19|20)\d{2}(?:[./年-]\d{1,2}月?)?|present|now|current|至今|今)\s*"
    r"(?:[-–—~～至到]|to)\s*(?:(?:19|20)\d{2}(?:[./年-]\d{1,2}月?)?|present|now|current|至今|今)"
    r"\s*[)）]?|[(（]\s*(?:19|20)\d{2}\s*[)）]",
    re.IGNORECASE,
)
_LABEL = re.compile(r"^(?:project\s*\d*|项目(?:名称)?[一二三四五六七八九十\d]*)\s*[:：]\s*", re.I)
_TECH_LINE = re.compile(
    r"^(?:tech(?:nologies)?(?: stack)?|stack|tools|技术栈|技术|使用技术|开发工具)\s*[:：]\s*", re.I
)
_FIELD_LINE = re.compile(r"^(?:项目描述|项目简介|description|描述|简介)\s*[:：]\s*", re.I)
_NAME_SPLIT = re.compile(r"\s+[—–|-]\s+|\s*[|｜:：]\s*")
_CLAIM = re.compile(
    r"\d+(?:\.\d+)?\s*(?:%|％|percent|x(?![a-z])|×|倍|ms(?![a-z])|毫秒|秒|qps|tps|k(?![a-z])|"
    r"m(?![a-z])|b(?![a-z])|万|亿|个百分点|pp(?![a-z]))|\bfrom\s+\$?\d[\d.,]*\s*\w*\s+to\s+\$?\d",
    re.IGNORECASE,
)
# A claim that says what changed ("cut", "提升") is a result; "on 2B interactions" is only scale.
_CHANGE = re.compile(
    r"%|％|percent|倍|\d\s*x\b|\bfrom\b.*\bto\b|\b(?:cut|reduc|improv|lift|increas|decreas|sav|"
    r"boost|grew|grow|drop|halv|doubl|rais|lower)\w*|提升|提高|降低|减少|增加|节省|缩短|翻倍",
    re.IGNORECASE,
)
_CLAUSES = re.compile(r"[;；。]|,\s+|，")
_BUILD_EN = re.compile(
    r"^(?:built|designed|developed|led|launched|created|implemented|shipped|architected|"
    r"owned|rebuilt|migrated|delivered|productionized|deployed)\s+(?:(?:a|an|the|our)\s+)?"
    r"(?P<object>[^,;.()]{3,80}?)(?=\s+(?:that|which|to|for|with|using|serving|reducing|"
    r"cutting|improving|increasing|handling|in|on|from|across|by)\b|[,;.(]|$)",
    re.IGNORECASE,
)
_BUILD_ZH = re.compile(
    r"^(?:独立)?(?:负责|主导|设计|搭建|开发|实现|构建|参与)(?:并?(?:设计|开发|实现|搭建))?了?"
    r"(?P<object>[^，,。；;（(]{2,30})"
)


@dataclass
class _Draft:
    title: str
    lines: list[str] = field(default_factory=list)
    technologies: list[str] = field(default_factory=list)


def extract_projects(text: str) -> list[Project]:
    """The projects named in a resume, in the order written (see the module's rules)."""
    sections = _sections(text.splitlines())
    drafts = _drafts(sections.get("projects", []))
    if not drafts:
        fallback = sections.get("experience") or ([] if sections else text.splitlines())
        drafts = _bullet_drafts(fallback)
    projects = [_project(draft) for draft in drafts]
    return [project for project in projects if project is not None][:MAX_PROJECTS]


def _sections(lines: list[str]) -> dict[str, list[str]]:
    """Lines under each kind of heading; empty when the text has no known heading."""
    sections: dict[str, list[str]] = {}
    current: str | None = None
    for raw in lines:
        line = raw.strip()
        heading = _heading(line)
        if heading is not None:
            current = heading
            sections.setdefault(heading, [])
        elif current is not None and line:
            sections[current].append(raw)
    return sections


def _heading(line: str) -> str | None:
    if not line or len(line) > 40:
        return None
    key = re.sub(r"^[#*\s]+|[*\s:：]+$", "", line).lower()
    return _HEADING_OF.get(key)


def _drafts(lines: list[str]) -> list[_Draft]:
    drafts: list[_Draft] = []
    for raw in lines:
        line = raw.strip().strip("*").strip()
        bullet = _BULLET.match(raw) is not None
        body = _BULLET.sub("", raw).strip()
        tech = _TECH_LINE.match(body)
        if tech and drafts:
            drafts[-1].technologies += _split_list(body[tech.end() :])
        elif bullet or _FIELD_LINE.match(line) or (drafts and not _looks_like_title(line)):
            if drafts:
                drafts[-1].lines.append(_FIELD_LINE.sub("", body))
        else:
            drafts.append(_Draft(line))
    return drafts


def _looks_like_title(line: str) -> bool:
    """A project title is short and is not a sentence ending in a full stop."""
    return len(line) <= 100 and not line.endswith((".", "。", "；", ";"))


def _bullet_drafts(lines: list[str]) -> list[_Draft]:
    """Rule 3: building bullets as projects, those stating a result first (stable order)."""
    found: list[tuple[bool, _Draft]] = []
    for raw in lines:
        if not _BULLET.match(raw):
            continue
        body = _BULLET.sub("", raw).strip()
        match = _BUILD_EN.match(body) or _BUILD_ZH.match(body)
        if match:
            name = _short_name(match.group("object"))
            found.append((_CLAIM.search(body) is not None, _Draft(name, [body])))
    found.sort(key=lambda pair: not pair[0])
    return [draft for _, draft in found]


def _short_name(text: str) -> str:
    words = text.strip().split()
    return " ".join(words[:8]) if len(words) > 1 else text.strip()[:40]


def _project(draft: _Draft) -> Project | None:
    title = _DATES.sub(" ", draft.title)
    title = _LABEL.sub("", title.strip()).strip()
    parts = [part.strip() for part in _NAME_SPLIT.split(title, maxsplit=1) if part.strip()]
    name = re.sub(r"\s*[(（][^)）]*[)）]\s*", " ", parts[0]).strip() if parts else ""
    if not name:
        return None
    summary = (
        parts[1]
        if len(parts) > 1
        else next((line for line in draft.lines if not _CLAIM.search(line)), "")
    )
    body = "\n".join([draft.title, *draft.lines])
    technologies = _technologies(body, draft.technologies)
    return Project(
        name=name[:120],
        summary=summary.strip()[:300],
        claims=_claims(draft.lines or [draft.title]),
        technologies=technologies,
        domain=_domain(body),
    )


def _claims(lines: list[str]) -> list[str]:
    claims: list[str] = []
    for line in lines:
        for clause in _CLAUSES.split(line):
            clause = clause.strip().rstrip(".")
            if _CLAIM.search(clause) and clause not in claims and len(clause) <= 160:
                claims.append(clause)
    claims.sort(key=lambda claim: _CHANGE.search(claim) is None)  # results first, stable
    return claims[:MAX_CLAIMS]


def _technologies(body: str, listed: list[str]) -> list[str]:
    """The "Tech:" line's items, then the tools the text names (most named first); topics
    such as "ranking" are not technologies."""
    named = [n for n, _ in skill_counts(body).most_common() if BY_NAME[n.lower()].tool]
    merged: list[str] = []
    for tech in [*listed, *named]:
        if tech and tech.lower() not in {m.lower() for m in merged}:
            merged.append(tech[:60])
    return merged[:MAX_TECHNOLOGIES]


def _domain(body: str) -> Domain:
    """The domain most of the project's skills belong to; languages and soft skills say little
    about what a project is, so they count only when nothing else is named."""
    votes: Counter[Domain] = Counter()
    for name, count in skill_counts(body).items():
        domain = BY_NAME[name.lower()].domain
        if domain not in ("coding", "behavioral"):
            votes[domain] += count
    return votes.most_common(1)[0][0] if votes else "system_design"


def _split_list(text: str) -> list[str]:
    return [item.strip() for item in re.split(r"[,，、/;；]|\s+and\s+", text) if item.strip()]
