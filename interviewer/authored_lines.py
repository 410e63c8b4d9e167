"""The interviewer's authored framing lines, in English and Chinese.

The bundled model cannot write these (DESIGN.md §3), so the interview sounds natural without
any LLM: a greeting, varied transitions between questions, a resume line and a closing. A capable
LLM may rephrase them (see line_writer), never replace the rubric's question itself.
"""

from __future__ import annotations

from rubrics.schema import Language, Question

_OPENING = {
    "en": "Hi, thanks for joining. Take your time with each answer, and say done or press "
    "Done when you have finished. Let's start. {q}",
    "zh": "你好，欢迎参加这次模拟面试。每道题都可以慢慢想，答完后说完成或点击完成按钮。我们开始吧。{q}",
}
_TRANSITIONS = {
    "en": ("Thanks. Next question. {q}", "Okay, let's move on. {q}", "Got it. Here's another one. {q}"),
    "zh": ("好的，谢谢。下一题。{q}", "明白了，我们继续。{q}", "好，换一个问题。{q}"),
}
_CLOSING = {
    "en": "That's the end of our interview. Thank you. Your report is ready to review.",
    "zh": "面试到这里就结束了，谢谢你。你的面试报告已经生成，可以查看了。",
}
_RESUME = {
    "en": "Welcome back. Let's pick up where we left off. {q}",
    "zh": "欢迎回来，我们从刚才中断的地方继续。{q}",
}


def opening_line(language: Language, question: Question) -> str:
    return _OPENING[language].format(q=question.prompt.in_language(language))


def question_line(language: Language, question: Question, index: int) -> str:
    """A transition plus the question; the transition varies with the question's position."""
    options = _TRANSITIONS[language]
    return options[index % len(options)].format(q=question.prompt.in_language(language))


def closing_line(language: Language) -> str:
    return _CLOSING[language]


def resume_line(language: Language, pending: str) -> str:
    return _RESUME[language].format(q=pending)
