"""What Whisper is primed with while the candidate answers a question.

English: the question and the rubric's Latin-script key terms (DESIGN.md §3: WER on spoken
technical answers 4.6 % -> 0.9 % with tiny.en).

Chinese: nothing. Measured with whisper base by `python bench/asr.py --zh-only` (CER after
Traditional->Simplified, numbers as Chinese numerals, punctuation removed):

    prompt      real Mandarin recordings (4 clips,   rubric answers read by the
                ../shared/eval/speech), per clip     espeak-ng voice (9 answers)
    none         3.9 %  (7.7 / 0 / 20 / 0)           64-74 % (two runs)
    question    13.7 %  (7.7 / 0 / 20 / 26.3)        61-62 %
    neutral     13.7 %  (7.7 / 0 / 100 / 5.3)        75-76 %
    hotwords     9.8 %  (7.7 / 0 / 20 / 15.8)        65 %

On real speech every prompt made base worse: the question turned "达摩院…语音识别" into
"打模院…云食别", and with a neutral sentence ("以下是普通话的句子。") a one-second answer came
back as a single broken character. Only the robotic voice, which no candidate speaks with, was
helped a little by the question (within the run-to-run spread: the 0.4 temperature fallback
samples), and there Whisper also copied the question into transcripts. Whisper base writes
Traditional characters now and then without a Simplified prompt; `speech.chinese.to_simplified`
converts every transcript, so the prompt is not needed for that either.
"""

from __future__ import annotations

from rubrics.schema import Language, Question


def asr_prompt(question: Question, language: Language) -> str | None:
    """The `initial_prompt` for an answer to `question` in `language` (None: no prompt)."""
    if language == "zh":
        return None
    # Only Latin-script terms: Chinese terms in an English prompt made tiny.en emit Chinese.
    english_terms = [t for t in question.priming_terms() if t.isascii()]
    return f"{question.prompt.en} {', '.join(english_terms)}"
