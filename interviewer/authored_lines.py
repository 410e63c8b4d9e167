"""The interviewer's authored closing and resume lines, in English and Chinese.

The bundled model cannot write these (DESIGN.md §3), so they are authored; the opening and the
transitions between questions live with the other authored lead-ins in `prompts`.
"""

from __future__ import annotations

from rubrics.schema import Language

_CLOSING = {
    "en": "That's the end of our interview. Thank you. Your report is ready to review.",
    "zh": "面试到这里就结束了，谢谢你。你的面试报告已经生成，可以查看了。",
}
_RESUME = {
    "en": "Welcome back. Let's pick up where we left off. {q}",
    "zh": "欢迎回来，我们从刚才中断的地方继续。{q}",
}


def closing_line(language: Language) -> str:
    return _CLOSING[language]


def resume_line(language: Language, pending: str) -> str:
    return _RESUME[language].format(q=pending)
