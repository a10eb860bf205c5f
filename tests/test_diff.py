"""Diff: word-level edits that rebuild the new text, keep figures whole, and never depend on chance."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policydiff import diff as diff_module
from policydiff.diff import diff_tokens
from policydiff.model import Edit, EditOp, Token, TokenKind
from policydiff.pipeline import diff_texts, read_policy
from policydiff.rules import load_rules
from policydiff.tokenize import tokenize

from .conftest import CORPORA

RULES = load_rules()
SEED = CORPORA / "notices" / "air-2020-autumn-winter"
DRAFT, FINAL = read_policy(SEED / "draft.txt"), read_policy(SEED / "final.txt")


def clauses(policy) -> dict[str, str]:
    return {clause.label: policy.text.text[clause.span[0] : clause.span[1]] for clause in policy.clauses}


OLD_CLAUSES, NEW_CLAUSES = clauses(DRAFT), clauses(FINAL)
PAIRED = [label for label in OLD_CLAUSES if label in NEW_CLAUSES]
SENTENCES = [
    s
    for path in (SEED / "draft.txt", CORPORA / "laws" / "company-law" / "2023-12-29.md")
    for s in re.findall(r"[^。；\n]+[。；]?", read_policy(path).text.text)
    if len(s) > 4
]
WORDS = ["不得", "鼓励", "力争", "原则上", "每小时", "35蒸吨", "1.1亿吨", "2021年3月底前", "，", "、", "以上", "以内",
         "河北省", "超低排放", "改造", "的", "\n"]


def apply(old: str, edits: tuple[Edit, ...]) -> str:
    """The new text rebuilt from the old one: keep what is equal, drop deletions, add insertions."""
    parts = []
    for edit in edits:
        if edit.op is EditOp.EQUAL:
            parts.append(old[edit.old_span[0] : edit.old_span[1]])
        elif edit.op is EditOp.INSERT:
            parts.append(edit.new_text)
    return "".join(parts)


def assert_valid(old: str, new: str, edits: tuple[Edit, ...]) -> None:
    """Edits cover both texts in order, say what they change, and rebuild the new text."""
    at_old = at_new = 0
    for before, edit in zip((None, *edits), edits):
        assert edit.old_span[0] == at_old and edit.new_span[0] == at_new
        assert old[edit.old_span[0] : edit.old_span[1]] == edit.old_text
        assert new[edit.new_span[0] : edit.new_span[1]] == edit.new_text
        if edit.op is EditOp.EQUAL:
            assert edit.old_text == edit.new_text != ""
        elif edit.op is EditOp.DELETE:
            assert edit.old_text and edit.new_span[0] == edit.new_span[1]
        else:
            assert edit.new_text and edit.old_span[0] == edit.old_span[1]
        # Runs are maximal, and a deletion comes before the insertion next to it.
        assert before is None or (before.op, edit.op) in {
            (EditOp.EQUAL, EditOp.DELETE), (EditOp.EQUAL, EditOp.INSERT), (EditOp.DELETE, EditOp.EQUAL),
            (EditOp.DELETE, EditOp.INSERT), (EditOp.INSERT, EditOp.EQUAL),
        }
        at_old, at_new = edit.old_span[1], edit.new_span[1]
    assert (at_old, at_new) == (len(old), len(new))
    assert apply(old, edits) == new


def assert_whole_tokens(old: str, new: str, edits: tuple[Edit, ...]) -> None:
    """No edit starts or ends inside a token of either text."""
    old_bounds = {0} | {token.span[1] for token in tokenize(old, rules=RULES)}
    new_bounds = {0} | {token.span[1] for token in tokenize(new, rules=RULES)}
    for edit in edits:
        assert set(edit.old_span) <= old_bounds and set(edit.new_span) <= new_bounds


# --- properties ---------------------------------------------------------------------------------

CHARS = st.one_of(
    st.sampled_from("的了和在年月底前第条亿万千百十一二三四五0123456789.%-、，。；（）\n "),
    st.characters(exclude_categories=("Cs",)),
)
TEXT = st.lists(st.one_of(st.sampled_from(WORDS), st.text(CHARS, max_size=5)), max_size=15).map("".join)


@st.composite
def mutated_sentence(draw) -> tuple[str, str]:
    """A real sentence, and the same with tokens inserted, deleted, replaced or numbers changed."""
    old = draw(st.sampled_from(SENTENCES))
    tokens = list(tokenize(old, rules=RULES))
    words = [token.text for token in tokens]
    for op in draw(st.lists(st.sampled_from(["insert", "delete", "replace", "number"]), min_size=1, max_size=5)):
        if op == "insert" or not words:
            words.insert(draw(st.integers(0, len(words))), draw(st.sampled_from(WORDS)))
            continue
        at = draw(st.integers(0, len(words) - 1))
        if op == "delete":
            del words[at]
        elif op == "replace":
            words[at] = draw(st.sampled_from(WORDS))
        else:
            numbered = [i for i, word in enumerate(words) if re.search(r"[0-9]", word)] or [at]
            at = draw(st.sampled_from(numbered))
            words[at] = re.sub(r"[0-9]+", lambda m: str(int(m.group()) + draw(st.integers(1, 99))), words[at])
    return old, "".join(words)


@settings(max_examples=500, deadline=None)
@given(TEXT, TEXT)
def test_edits_rebuild_the_new_text_from_random_texts(old: str, new: str) -> None:
    assert_valid(old, new, diff_texts(old, new, rules=RULES))


@settings(max_examples=500, deadline=None)
@given(mutated_sentence())
def test_edits_rebuild_mutated_real_sentences_and_keep_tokens_whole(pair: tuple[str, str]) -> None:
    old, new = pair
    edits = diff_texts(old, new, rules=RULES)
    assert_valid(old, new, edits)
    assert_whole_tokens(old, new, edits)


@settings(max_examples=500, deadline=None)
@given(st.one_of(mutated_sentence(), st.tuples(TEXT, TEXT)))
def test_edits_stay_valid_when_long_texts_are_aligned_by_sentence_first(pair: tuple[str, str]) -> None:
    # A tiny cell budget sends these short texts down the path that long texts take:
    # aligned by paragraph, sentence, phrase or unique token first, or replaced whole.
    old, new = pair
    with mock.patch.object(diff_module, "_CELL_BUDGET", 4):
        edits = diff_texts(old, new, rules=RULES)
    assert_valid(old, new, edits)
    assert_whole_tokens(old, new, edits)


@settings(max_examples=300, deadline=None)
@given(TEXT, TEXT)
def test_char_granularity_rebuilds_the_new_text(old: str, new: str) -> None:
    assert_valid(old, new, diff_texts(old, new, rules=RULES, granularity="char"))


@pytest.mark.parametrize("text", ["", "落实产业结构调整要求", OLD_CLAUSES["（十五）"], DRAFT.text.text],
                         ids=["empty", "short", "clause", "document"])
def test_a_text_diffed_with_itself_is_one_equal_run(text: str) -> None:
    expected = (Edit(EditOp.EQUAL, (0, len(text)), (0, len(text)), text, text),) if text else ()
    assert diff_texts(text, text, rules=RULES) == expected
    assert diff_texts(text, text, rules=RULES, granularity="char") == expected


def mirrored(edits: tuple[Edit, ...]) -> tuple[Edit, ...]:
    """The edits read from the other side: deletions become insertions, each deletion first again."""
    swap = {EditOp.EQUAL: EditOp.EQUAL, EditOp.DELETE: EditOp.INSERT, EditOp.INSERT: EditOp.DELETE}
    flipped = [Edit(swap[e.op], e.new_span, e.old_span, e.new_text, e.old_text) for e in edits]
    result: list[Edit] = []
    for edit in flipped:
        if edit.op is EditOp.DELETE and result and result[-1].op is EditOp.INSERT:
            inserted = result.pop()
            point = inserted.new_span[0]
            result.append(Edit(EditOp.DELETE, edit.old_span, (point, point), edit.old_text, ""))
            end = edit.old_span[1]
            result.append(Edit(EditOp.INSERT, (end, end), inserted.new_span, "", inserted.new_text))
        else:
            result.append(edit)
    return tuple(result)


@pytest.mark.parametrize("label", PAIRED)
def test_swapping_old_and_new_swaps_insertions_and_deletions(label: str) -> None:
    old, new = OLD_CLAUSES[label], NEW_CLAUSES[label]
    assert mirrored(diff_texts(new, old, rules=RULES)) == diff_texts(old, new, rules=RULES)


# --- determinism --------------------------------------------------------------------------------


def test_diff_is_the_same_twice() -> None:
    old, new = DRAFT.text.text, FINAL.text.text
    assert diff_texts(old, new, rules=RULES) == diff_texts(old, new, rules=RULES)


def test_diff_is_the_same_in_a_process_with_other_hash_seeds() -> None:
    code = (
        "import sys; from policydiff.pipeline import read_policy; from policydiff.rules import load_rules; "
        "from policydiff.pipeline import diff_texts; "
        "old, new = (read_policy(p).text.text for p in sys.argv[1:]); "
        "print(repr(diff_texts(old, new, rules=load_rules())))"
    )
    runs = {
        subprocess.run([sys.executable, "-c", code, str(SEED / "draft.txt"), str(SEED / "final.txt")],
                       capture_output=True, text=True, check=True,
                       env={**os.environ, "PYTHONHASHSEED": seed}).stdout
        for seed in ("1", "2")
    }
    assert runs == {repr(diff_texts(DRAFT.text.text, FINAL.text.text, rules=RULES)) + "\n"}


# --- what a reader sees ---------------------------------------------------------------------------

REPLACEMENTS = [
    ("每小时65蒸吨及以上燃煤锅炉完成节能和超低排放改造", "65蒸吨", "45蒸吨"),
    ("加快推动铸造（10吨/小时及以下）、岩棉等行业冲天炉改为电炉", "10吨/小时", "5吨/小时"),
    ("基本淘汰10蒸吨/小时及以下燃煤锅炉", "10蒸吨/小时", "5蒸吨/小时"),
    ("其中，河北省完成1.1亿吨、天津市完成1200万吨", "1.1亿吨", "1.2亿吨"),
    ("各城市平均降尘量不得高于9吨/月·平方公里", "9吨/月·平方公里", "7吨/月·平方公里"),
    ("京津冀及周边地区PM2.5平均浓度控制在63微克/立方米以内", "63微克/立方米", "60微克/立方米"),
    ("铁路运输比例原则上达到80%以上", "80%", "85%"),
    ("各省（市）至少树立1-2家钢铁超低排放改造示范企业", "1-2家", "2-3家"),
    ("2020年12月底前，每小时35蒸吨以下的燃煤锅炉基本淘汰", "2020年12月底前", "2021年6月底前"),
    ("2020年10-12月，京津冀及周边地区PM2.5平均浓度控制在63微克/立方米以内", "2020年10-12月", "2020年11-12月"),
    ("严禁在编码登记过程中乱收费", "严禁", "不得"),
    ("公告期限不少于二十日", "二十日", "三十日"),
    ("第二十二条 违法行为构成犯罪的", "第二十二条", "第二十三条"),
]


@pytest.mark.parametrize(("old", "was", "now"), REPLACEMENTS, ids=[f"{w}→{n}" for _, w, n in REPLACEMENTS])
def test_a_changed_figure_or_word_is_replaced_whole(old: str, was: str, now: str) -> None:
    new = old.replace(was, now)
    changes = [(e.op, e.old_text or e.new_text) for e in diff_texts(old, new, rules=RULES) if e.op is not EditOp.EQUAL]
    assert changes == [(EditOp.DELETE, was), (EditOp.INSERT, now)]


def test_a_rewritten_phrase_is_one_replacement_not_fragments() -> None:
    # Semantic cleanup: the lone 、 both versions share is folded into the change around it.
    changes = [(e.op, e.old_text or e.new_text)
               for e in diff_texts("要加强管控、严格执法。", "要强化整治、依法处罚。", rules=RULES) if e.op is not EditOp.EQUAL]
    assert changes == [(EditOp.DELETE, "加强管控、严格执法"), (EditOp.INSERT, "强化整治、依法处罚")]


def test_char_granularity_diffs_single_characters() -> None:
    changes = [(e.op, e.old_text or e.new_text)
               for e in diff_texts("河北省完成1.1亿吨", "河北省完成1.2亿吨", rules=RULES, granularity="char")
               if e.op is not EditOp.EQUAL]
    assert changes == [(EditOp.DELETE, "1"), (EditOp.INSERT, "2")]


def test_unknown_granularity_is_refused() -> None:
    with pytest.raises(ValueError, match="granularity"):
        diff_texts("甲", "乙", rules=RULES, granularity="sentence")  # type: ignore[arg-type]


def test_seed_clause_change_is_found_between_draft_and_final() -> None:
    # （十四）: the final notice drops the cap on Tangshan's steel capacity.
    edits = diff_texts(OLD_CLAUSES["（十四）"], NEW_CLAUSES["（十四）"], rules=RULES)
    assert (EditOp.DELETE, "，其中唐山市控制在1亿吨以内") in [(e.op, e.old_text) for e in edits]


def test_seed_threshold_change_is_one_replaced_quantity() -> None:
    # （十五） with the draft's boiler threshold changed.
    old = OLD_CLAUSES["（十五）"]
    new = old.replace("每小时65蒸吨及以上", "每小时45蒸吨及以上")
    changes = [(e.op, e.old_text or e.new_text) for e in diff_texts(old, new, rules=RULES) if e.op is not EditOp.EQUAL]
    assert changes == [(EditOp.DELETE, "65蒸吨"), (EditOp.INSERT, "45蒸吨")]


def test_diff_tokens_spans_index_the_text_the_tokens_were_cut_from() -> None:
    # Tokens of whole documents, diffed one clause at a time: spans stay document offsets.
    old_tokens, new_tokens = tokenize(DRAFT.text.text, rules=RULES), tokenize(FINAL.text.text, rules=RULES)
    old_span = next(c.span for c in DRAFT.clauses if c.label == "（十四）")
    new_span = next(c.span for c in FINAL.clauses if c.label == "（十四）")
    edits = diff_tokens([t for t in old_tokens if old_span[0] <= t.span[0] < old_span[1]],
                        [t for t in new_tokens if new_span[0] <= t.span[0] < new_span[1]])
    assert edits[0].old_span[0] == old_span[0] and edits[-1].old_span[1] == old_span[1]
    for edit in edits:
        assert DRAFT.text.text[edit.old_span[0] : edit.old_span[1]] == edit.old_text
        assert FINAL.text.text[edit.new_span[0] : edit.new_span[1]] == edit.new_text


# --- size -----------------------------------------------------------------------------------------


def test_more_distinct_tokens_than_the_basic_plane_holds() -> None:
    def tokens(words: list[str]) -> list[Token]:
        spans = [(i * 6, i * 6 + 6) for i in range(len(words))]
        return [Token(word, span, TokenKind.WORD) for word, span in zip(words, spans)]

    old_words = [f"w{i:05d}" for i in range(70_000)]
    new_words = [*old_words[:10_000], "x00001", *old_words[10_000:60_000], *old_words[60_001:]]
    edits = diff_tokens(tokens(old_words), tokens(new_words))
    assert [(e.op, e.old_text or e.new_text) for e in edits if e.op is not EditOp.EQUAL] == [
        (EditOp.INSERT, "x00001"), (EditOp.DELETE, "w60000")
    ]
    assert diff_module._code_point(69_999) > "\uffff"


def test_long_texts_with_few_changes_are_still_diffed_word_by_word() -> None:
    # Whole documents aligned by sentence first still show the clause-level change.
    with mock.patch.object(diff_module, "_CELL_BUDGET", 2_000):
        edits = diff_texts(DRAFT.text.text, FINAL.text.text, rules=RULES)
    assert_valid(DRAFT.text.text, FINAL.text.text, edits)
    assert (EditOp.DELETE, "，其中唐山市控制在1亿吨以内") in [(e.op, e.old_text) for e in edits]


def test_unrelated_long_texts_are_replaced_whole_rather_than_searched_for_hours() -> None:
    old = read_policy(CORPORA / "laws" / "company-law" / "2023-12-29.md").text.text
    new = read_policy(CORPORA / "laws" / "mineral-resources-law" / "2024-11-08.md").text.text
    with mock.patch.object(diff_module, "_CELL_BUDGET", 10_000):
        edits = diff_texts(old, new, rules=RULES)
    assert_valid(old, new, edits)
