"""Prompt echoes and repetition loops are cut from transcripts; what the candidate said stays."""

from __future__ import annotations

from speech.hallucinations import hallucinated_spans, remove_hallucinations, without_spans

QUESTION_ZH = "请讲一个你负责过的项目，你在其中具体做了什么？"
QUESTION_EN = "What is the bias-variance trade-off? bias, variance, underfitting, overfitting"


def test_an_echoed_question_followed_by_a_loop_leaves_nothing_credible() -> None:
    heard = "请讲一个你负责过的项目，你在其中具体做了什么？轮 轮 轮 轮 轮 轮"
    assert remove_hallucinations(heard, QUESTION_ZH) == "轮"


def test_the_answer_after_an_echo_is_kept() -> None:
    answer = "我负责了推荐系统的召回模块，把召回率提高了两成。"
    assert remove_hallucinations(f"请讲一个你负责过的项目。{answer}", QUESTION_ZH) == answer


def test_an_echo_in_traditional_characters_is_still_an_echo() -> None:
    heard = "請講一個你負責過的項目 我做的是排序"
    assert remove_hallucinations(heard, QUESTION_ZH) == "我做的是排序"


def test_a_long_copy_of_the_question_in_the_middle_is_an_echo() -> None:
    heard = "嗯，一个你负责过的项目，你在其中，我主要做特征工程。"
    assert remove_hallucinations(heard, QUESTION_ZH) == "嗯，我主要做特征工程。"


def test_an_echo_repeated_twice_goes_entirely() -> None:
    question = "你在其中具体做了什么？"
    heard = "你在其中具体做了什么你在其中具体做了什么我做了召回"
    assert remove_hallucinations(heard, f"请讲讲你的项目。{question}") == "我做了召回"


def test_a_transcript_that_only_echoes_the_prompt_is_emptied() -> None:
    assert remove_hallucinations("你负责过的项目", QUESTION_ZH) == ""
    assert remove_hallucinations("Bias, variance", QUESTION_EN) == ""


def test_an_answer_using_a_few_words_of_the_question_is_kept() -> None:
    answer = "我负责过的项目是一个推荐系统，在其中我做了召回。"
    assert remove_hallucinations(answer, QUESTION_ZH) == answer
    assert remove_hallucinations("L1", "L1 和 L2 正则化有什么区别？") == "L1"
    assert remove_hallucinations("是的", "你用过 PyTorch 吗？是的话讲讲") == "是的"


def test_an_english_restatement_of_the_question_goes_but_the_first_term_after_it_stays() -> None:
    heard = "What is the bias variance trade-off? Bias is error from wrong assumptions."
    assert remove_hallucinations(heard, QUESTION_EN) == "Bias is error from wrong assumptions."


def test_key_terms_from_the_prompt_inside_an_answer_are_kept() -> None:
    answer = "High bias means underfitting and high variance means overfitting."
    assert remove_hallucinations(answer, QUESTION_EN) == answer


def test_a_loop_keeps_one_copy_and_drops_a_last_copy_cut_short() -> None:
    heard = "我负责召回模块，第四位,第四位,第四位,第四位,第四"
    assert remove_hallucinations(heard, None) == "我负责召回模块，第四位,"


def test_single_character_and_english_word_loops() -> None:
    assert remove_hallucinations("您您您您您您您您", None) == "您"
    assert remove_hallucinations("the test test test test test", None) == "the test"


def test_speech_that_repeats_a_word_three_times_is_kept() -> None:
    assert remove_hallucinations("对对对，就是这样。", None) == "对对对，就是这样。"
    assert remove_hallucinations("very very very good", None) == "very very very good"


def test_no_prompt_and_no_loop_changes_nothing() -> None:
    answer = "Dropout randomly zeroes activations during training."
    assert hallucinated_spans(answer, None) == []
    assert hallucinated_spans("", QUESTION_EN) == []


def test_spans_take_the_punctuation_between_removed_words() -> None:
    text = "你负责过的项目，你在其中具体做了什么？我做了召回"
    spans = hallucinated_spans(text, QUESTION_ZH)
    assert without_spans(text, spans) == "我做了召回"
    assert spans == [(0, text.index("我"))]


def test_a_transcript_copied_across_two_sentences_of_the_prompt_is_an_echo() -> None:
    prompt = "什么时候用多臂老虎机代替 A/B 测试？这样做会放弃什么？"
    assert remove_hallucinations("测试这样做会放弃什么", prompt) == ""
