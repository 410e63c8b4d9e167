from interviewer.scoring.text import (
    content_terms,
    has_negation,
    quotable,
    split_clauses,
    split_sentences,
    stem,
)


def test_sentences_split_in_english_and_chinese_but_not_inside_numbers() -> None:
    en = split_sentences("Dropout is 0.5 here. It regularises! Does it help?")
    assert [s.text for s in en] == ["Dropout is 0.5 here.", "It regularises!", "Does it help?"]
    zh = split_sentences("过拟合是训练好测试差。可以用正则化！")
    assert [s.index for s in zh] == [0, 1]
    assert zh[1].text.startswith("可以用正则化")


def test_clauses_are_merged_when_too_short_to_be_a_point() -> None:
    clauses = split_clauses("Yes, because the heap keeps the minimum at the root, and it is fast.")
    assert all(len(c.split()) >= 3 for c in clauses)
    assert any("minimum" in c for c in clauses)


def test_stemming_matches_word_forms_and_chinese_becomes_bigrams() -> None:
    assert stem("overfitting") == stem("overfits") == stem("overfit")
    assert {"过拟", "拟合"} <= content_terms("模型过拟合了")
    assert "the" not in content_terms("the model overfits")
    assert "dropout" in content_terms("用 Dropout 防止过拟合")


def test_negators_are_not_content_terms() -> None:
    """A negator marks polarity (claims.py reads it), so it is no evidence of a point's content."""
    assert content_terms("more trees doesn't overfit, without the log") == content_terms(
        "more trees overfit, the log"
    )
    assert not content_terms("it can't, it isn't, it never did, it wasn't instead")


def test_a_point_left_with_a_negator_as_its_only_own_word_is_not_given_by_any_negation() -> None:
    from interviewer.scoring.lexical import key_point_terms, lexical_credit
    from rubrics.schema import Bilingual, KeyPoint

    point = KeyPoint(
        id="rf_variance",
        text=Bilingual(
            en="Adding more trees to a random forest doesn't overfit.", zh="树多不过拟合。"
        ),
        weight=1.0,
        paraphrases=["more trees doesn't overfit"],
    )
    # The question's and the sibling points' words are demoted, as rubric_key_point_terms does.
    demoted = frozenset(content_terms("more trees random forest overfit adding"))
    terms = key_point_terms(point, demoted)
    assert lexical_credit(terms, content_terms("The learning rate doesn't matter here.")) == 0.0


def test_negation_is_seen_in_both_languages() -> None:
    assert has_negation("It doesn't reduce bias")
    assert has_negation("这不会降低偏差")
    assert not has_negation("It reduces bias")


def test_a_numbered_list_is_one_sentence_per_item() -> None:
    """Typed answers list steps inline ("1. ... 2. ..."): each item is one sentence with its
    number, not a bare "2." and an unnumbered sentence; a lone number ending a sentence keeps
    its full stop, and "1) ... 2) ..." inside a sentence stays whole."""
    steps = "Steps: 1. Assign each point to its centroid. 2. Move each centroid to the mean."
    assert [s.text for s in split_sentences(steps)] == [
        "Steps:",
        "1) Assign each point to its centroid.",
        "2) Move each centroid to the mean.",
    ]
    assert [s.text for s in split_sentences("1. 先做归一化。 2. 再训练。")] == [
        "1) 先做归一化。",
        "2) 再训练。",
    ]
    assert [s.text for s in split_sentences("The loss fell by 2. Then we stopped.")] == [
        "The loss fell by 2.",
        "Then we stopped.",
    ]
    inline = "I did two things: 1) cut scope and 2) asked for help."
    assert [s.text for s in split_sentences(inline)] == [inline]


def test_quotes_drop_markdown_layout_but_keep_code_and_words() -> None:
    assert quotable("### Labeling: pairs of user and video") == "Labeling: pairs of user and video"
    assert quotable("* ML category:\n- **Recall** matters") == "ML category: Recall matters"
    assert quotable("用 **Dropout** 防止过拟合") == "用 Dropout 防止过拟合"
    # Code and arithmetic keep their stars; a hyphenated word keeps its hyphen.
    assert quotable("loss = a**2 + b**2 for k-means") == "loss = a**2 + b**2 for k-means"
    assert (
        quotable("def f(*args, **kwargs): return x * y") == "def f(*args, **kwargs): return x * y"
    )
