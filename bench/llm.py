"""LLM figures for the bundled GGUF: load, prompt and generation speed, time to first token of
an interviewer line, JSON-constrained speed, and how often the line writer's checks throw the
base model's lines away (which is why it is not declared capable).

    python bench/llm.py [--lines 8] [--threads 2]

Figures are printed last. Numbers depend on the machine and its load; the bundled model is the
base Gemma 3 270M, so the fallback rate is the point, not its wording.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

import llama_cpp
from pydantic import BaseModel

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from interviewer.chat_model import ChatMessage, LLMError
from interviewer.gguf_files import bundled_gguf_path
from interviewer.line_writer import LineContext, LineWriter
from interviewer.llama_cpp_chat_model import LlamaCppChatModel
from interviewer.prompts import phrase_messages
from rubrics.loader import read_bank
from rubrics.schema import Language, Question

# Long enough that prompt processing dominates a one-token completion.
LONG_PROMPT = " ".join(
    f"Paragraph {i}: gradient descent updates the weights against the gradient of the loss, "
    "and the learning rate scales each step."
    for i in range(12)
)
WEAK_ANSWER: dict[Language, str] = {
    "en": "I think it depends on the data, so I would try a few things and see what works.",
    "zh": "我觉得要看数据，我会先试几种方法，看看哪个效果好。",
}


class Verdict(BaseModel):
    covered: bool
    level: str


def raw_throughput(path: Path, threads: int) -> dict[str, float]:
    """llama.cpp itself: load, prompt tokens/s (one-token completion of a long prompt) and
    generation tokens/s (a completion of a 6-token prompt, whose processing is negligible)."""
    started = time.perf_counter()
    llama = llama_cpp.Llama(model_path=str(path), n_ctx=2048, n_threads=threads, verbose=False)
    load_s = time.perf_counter() - started
    started = time.perf_counter()
    prompt = llama.create_completion(LONG_PROMPT, max_tokens=1)
    prompt_s = time.perf_counter() - started
    prompt_tokens = prompt["usage"]["prompt_tokens"]  # type: ignore[index]
    llama.reset()  # or the next prompt would be compared against the cached one
    started = time.perf_counter()
    out = llama.create_completion("The history of machine learning", max_tokens=128)
    total_s = time.perf_counter() - started
    generated = out["usage"]["completion_tokens"]  # type: ignore[index]
    return {
        "load_s": load_s,
        "prompt_tokens": prompt_tokens,
        "prompt_tok_per_s": prompt_tokens / prompt_s,
        "gen_tok_per_s": generated / total_s,
    }


def time_to_first_token(model: LlamaCppChatModel, questions: list[Question]) -> list[float]:
    """Seconds to the first streamed piece of an interviewer-line prompt, one per question; the
    first is cold, later ones reuse the shared system-prompt prefix llama.cpp keeps cached."""
    times: list[float] = []
    for question in questions:
        messages = phrase_messages("en", question.prompt.en, "Thanks. Next question.")
        started = time.perf_counter()
        stream = model.stream_reply(messages, max_tokens=32)
        next(stream, None)
        times.append(time.perf_counter() - started)
        stream.close()
    return times


def json_speed(model: LlamaCppChatModel) -> tuple[float, bool]:
    """Seconds for one grammar-constrained verdict, and whether it validated."""
    question = [ChatMessage(role="user", content="Did the answer cover overfitting? JSON.")]
    started = time.perf_counter()
    try:
        model.complete_json(question, Verdict)
        valid = True
    except LLMError:  # a failure is a figure here, not an error
        valid = False
    return time.perf_counter() - started, valid


def forced_lines(writer: LineWriter, questions: list[Question]) -> tuple[Counter[str], int]:
    """Phrase every question in both languages and draft a follow-up for its first key point,
    with the base model forced through; count why each generated line was thrown away."""
    outcomes: Counter[str] = Counter()
    drafts_kept = 0
    for question in questions:
        for language in ("en", "zh"):
            context = LineContext(language, question)
            line = writer.phrase("question", question.prompt.in_language(language), context)
            spoken = "".join(line)
            assert line.written is not None and line.written.text == spoken
            outcomes[line.written.rejected or "accepted"] += 1
        key_point = question.key_points[0]
        if writer.draft_follow_up(question, key_point, WEAK_ANSWER["en"], "en") is not None:
            drafts_kept += 1
    return outcomes, drafts_kept


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lines", type=int, default=8, help="questions to phrase")
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    started = time.perf_counter()
    path = bundled_gguf_path()
    path_s = time.perf_counter() - started
    raw = raw_throughput(path, args.threads)
    started = time.perf_counter()
    model = LlamaCppChatModel(path, n_threads=args.threads, capable=True)  # forced, see docstring
    backend_load_s = time.perf_counter() - started
    questions = sorted(read_bank().bank, key=lambda q: q.id)[: args.lines]
    ttft = time_to_first_token(model, questions)
    json_s, json_valid = json_speed(model)
    outcomes, drafts_kept = forced_lines(LineWriter(model), questions)
    phrased = sum(outcomes.values())
    print(f"model                      {path.name} ({path.stat().st_size / 1e6:.0f} MB)")
    print(f"machine load (1 min avg)   {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(f"gguf path ready            {path_s:.2f} s")
    print(f"load (llama.cpp)           {raw['load_s']:.2f} s")
    print(f"load (backend)             {backend_load_s:.2f} s")
    print(f"prompt                     {raw['prompt_tok_per_s']:.0f} tok/s")
    print(f"generation                 {raw['gen_tok_per_s']:.0f} tok/s")
    warm_s = statistics.median(ttft[1:] or ttft)
    print(f"TTFT interviewer line      cold {ttft[0]:.3f} s, warm median {warm_s:.3f} s")
    print(f"JSON verdict (grammar)     {json_s:.1f} s, valid={json_valid}")
    print(f"line fallback rate         {1 - outcomes['accepted'] / phrased:.0%} of {phrased}")
    print(f"  reasons                  {dict(outcomes.most_common())}")
    print(f"drafted follow-ups kept    {drafts_kept} of {len(questions)}")


if __name__ == "__main__":
    main()
