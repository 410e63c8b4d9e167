from interviewer.scoring import delivery_metrics
from speech.types import Transcript, Word


def timed(words: list[str], gap_s: float = 0.1, pause_after: dict[int, float] | None = None):
    """Synthetic word timings: 0.3 s per word, `gap_s` between words, extra pauses by index."""
    out, t = [], 0.0
    for i, text in enumerate(words):
        out.append(Word(text=text, start_s=t, end_s=t + 0.3))
        t += 0.3 + gap_s + (pause_after or {}).get(i, 0.0)
    return Transcript(text=" ".join(words), words=tuple(out), language="en", duration_s=t)


def test_pace_fillers_and_long_pauses_from_synthetic_timings() -> None:
    words = [
        "um",
        "so",
        "the",
        "model",
        "uh",
        "overfits",
        "like",
        "you",
        "know",
        "basically",
        "the",
        "noise",
    ]
    result = delivery_metrics(timed(words, pause_after={4: 2.5}), target_time_s=60, language="en")
    assert result.timed and result.unit == "words"
    assert result.units_spoken == len(words)
    assert result.fillers["um"] == 1 and result.fillers["uh"] == 1
    assert result.fillers["you know"] == 1 and result.fillers["basically"] == 1
    assert result.fillers["like"] == 1
    assert [p.after_word for p in result.long_pauses] == ["uh"]
    assert result.long_pauses[0].duration_s >= 2.0
    assert result.length_verdict == "short"
    assert result.rate_per_min is not None and 60 < result.rate_per_min < 200


def test_like_as_a_verb_is_not_a_filler_and_repeats_are_found() -> None:
    text = "I would like to add dropout. add dropout helps. add dropout again."
    result = delivery_metrics(timed(text.split()), target_time_s=60, language="en")
    assert "like" not in result.fillers
    assert "add dropout" in result.repeated_phrases


def test_chinese_counts_characters_and_chinese_fillers() -> None:
    text = "嗯，那个，就是说模型然后过拟合了"
    result = delivery_metrics(
        Transcript(text=text, words=(Word(text, 0.0, 4.0),), language="zh", duration_s=4.0),
        target_time_s=60,
        language="zh",
    )
    assert result.unit == "chars"
    assert result.fillers == {"嗯": 1, "就是说": 1, "然后": 1, "那个": 1}
    assert result.rate_per_min is not None and result.rate_per_min > 100


def test_typed_answer_has_no_invented_timing() -> None:
    result = delivery_metrics(
        Transcript(text="dropout helps", words=(), language="en", duration_s=0.0), 60, "en"
    )
    assert not result.timed
    assert result.rate_per_min is None and result.delivery_0_1 is None
    assert result.length_verdict == "unknown"
