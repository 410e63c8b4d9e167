"""Chinese text as the Mandarin voice reads it: tone-numbered pinyin, numbers, English, pauses."""

from __future__ import annotations

import pytest

from speech.chinese import Reading, mandarin_readings, to_pinyin
from speech.chinese_numbers import integer_reading, numbers_to_chinese


def pinyin(text: str) -> list[Reading]:
    return [Reading(text, "pinyin")]


def english(text: str) -> list[Reading]:
    return [Reading(text, "english")]


def test_tone_numbers_with_the_neutral_tone_as_five() -> None:
    assert to_pinyin("我们的模型") == "wo3 men5 de5 mo2 xing2"


def test_polyphones_are_read_by_phrase() -> None:
    assert to_pinyin("银行行长") == "yin2 hang2 hang2 zhang3"
    assert to_pinyin("重新训练很重要") == "chong2 xin1 xun4 lian4 hen3 zhong4 yao4"


def test_words_group_their_syllables() -> None:
    assert to_pinyin("我们的模型很重要", words=True) == "wo3-men5 de5 mo2-xing2 hen3 zhong4-yao4"
    assert to_pinyin("银行行长", words=True).replace("-", " ") == to_pinyin("银行行长")


def test_tone_changes_of_yi_and_bu() -> None:
    assert to_pinyin("不是一个") == "bu2 shi4 yi2 ge4"


def test_u_umlaut_is_written_v() -> None:
    assert to_pinyin("绿色") == "lv4 se4"


def test_punctuation_becomes_pauses_and_stops() -> None:
    assert mandarin_readings("首先，看数据；然后训练。好吗？") == pinyin(
        "shou3 xian1, kan4 shu4 ju4, ran2 hou4 xun4 lian4. hao3 ma5."
    )


def test_repeated_punctuation_is_one_pause() -> None:
    assert mandarin_readings("好……那么，，继续") == pinyin("hao3, na4 me5, ji4 xu4")


def test_english_terms_are_read_in_english_between_pinyin() -> None:
    assert mandarin_readings("我们用 dropout 防止过拟合。") == [
        Reading("wo3 men5 yong4", "pinyin"),
        Reading("dropout", "english"),
        Reading("fang2 zhi3 guo4 ni3 he2.", "pinyin"),
    ]


def test_acronyms_and_terms_with_digits_stay_one_english_stretch() -> None:
    assert mandarin_readings("GPU 和 GPT-4 的 KV cache") == [
        Reading("GPU", "english"),
        Reading("he2", "pinyin"),
        Reading("GPT-4", "english"),
        Reading("de5", "pinyin"),
        Reading("KV cache", "english"),
    ]


def test_a_slash_between_letters_is_read_as_a_pause() -> None:
    assert mandarin_readings("做 A/B 测试")[1] == Reading("A B", "english")


def test_a_pause_after_an_english_term_goes_with_it() -> None:
    assert mandarin_readings("比如 BERT，还有别的")[1] == Reading("BERT,", "english")


def test_full_width_letters_and_digits_are_read_like_ascii() -> None:
    assert mandarin_readings("ＧＰＵ有８张") == [
        Reading("GPU", "english"),
        Reading("you3 ba1 zhang1", "pinyin"),
    ]


def test_numbers_in_chinese_text_are_read_as_chinese_numerals() -> None:
    assert mandarin_readings("训练了3轮，准确率是95.5%。") == pinyin(
        "xun4 lian4 le5 san1 lun2, zhun3 que4 lv4 shi4 bai3 fen1 zhi1 jiu3 shi2 wu3 dian3 wu3."
    )


def test_text_without_anything_to_say_has_no_readings() -> None:
    assert mandarin_readings("。。，") == []
    assert mandarin_readings("") == []


@pytest.mark.parametrize(
    ("value", "reading"),
    [
        (0, "零"),
        (7, "七"),
        (10, "十"),
        (15, "十五"),
        (20, "二十"),
        (105, "一百零五"),
        (110, "一百一十"),
        (1005, "一千零五"),
        (2000, "两千"),
        (10010, "一万零一十"),
        (20000, "两万"),
        (100000, "十万"),
        (1_000_000, "一百万"),
        (100_000_001, "一亿零一"),
        (123_456_789, "一亿二千三百四十五万六千七百八十九"),
    ],
)
def test_integer_readings(value: int, reading: str) -> None:
    assert integer_reading(value) == reading


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("p 值是 0.03", "p 值是 零点零三"),
        ("占 30%", "占 百分之三十"),
        ("2024年上线", "二零二四年上线"),
        ("3年经验", "三年经验"),
        ("约 1,000,000 人", "约 一百万 人"),
        ("3-5 倍", "三到五 倍"),
        ("温度是 -5 度", "温度是 负五 度"),
        ("编号 007", "编号 零零七"),
        ("12345678901234567", "一二三四五六七八九零一二三四五六七"),
    ],
)
def test_numbers_to_chinese(text: str, read: str) -> None:
    assert numbers_to_chinese(text) == read
