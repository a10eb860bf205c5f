"""Tokenize stage: normalized text → words, quantities and dates that cover it exactly.

Spans that must stay whole — quantities (1.1亿吨, 10蒸吨/小时, 1-2家, 80%) and dates or
deadlines (2020年12月底前, 年底前, 一季度) — are cut out first with the patterns of
``tokens.toml``; jieba segments the text between them with a private tokenizer that knows
the policy vocabulary of ``jieba_userdict.txt``. The diff and the extraction stage share
these tokens, so that a changed figure is one replaced token and never a digit-level edit.

Example:
    >>> [t.text for t in tokenize("2020年12月底前，每小时65蒸吨及以上燃煤锅炉完成超低排放改造", rules=load_rules())]
    ['2020年12月底前', '，', '每', '小时', '65蒸吨', '及以上', '燃煤锅炉', '完成', '超低排放', '改造']
"""

from __future__ import annotations

import hashlib
import io
import logging
import marshal
import re
import unicodedata
import warnings
from collections.abc import Iterator
from functools import cache, lru_cache

from policydiff.cache import keep, read_cached
from policydiff.model import Token, TokenKind
from policydiff.rules import DictEntry, RulePack, TokenPattern

with warnings.catch_warnings():
    # Older setuptools warn that jieba imports pkg_resources; that is jieba's business, not
    # the user's, and must not reach the terminal of a command-line run.
    warnings.filterwarnings("ignore", message=".*pkg_resources", category=Warning)
    import jieba

CACHED_TEXT_CHARS = 2_000
"""Texts up to this long (a sentence, a clause) keep their tokens for the next call: at most
4,096 of them, so the memory stays bounded whatever the documents."""
# What jieba itself treats as one run to segment (its ``re_han_default``): CJK ideographs,
# ASCII letters and digits and a few joiners. Everything else — punctuation, whitespace,
# other scripts — jieba emits one character at a time, so cutting the text at those
# characters first gives the same words and lets identical runs be segmented only once.
_RUN = re.compile(r"(?P<han>[\u4E00-\u9FD5a-zA-Z0-9+#&._%\-]+)|(?P<space>\s+)|(?P<other>.)", re.DOTALL)


def tokenize(text: str, *, rules: RulePack) -> tuple[Token, ...]:
    """Cut ``text`` into tokens that cover it exactly, in order.

    Args:
        text: Normalized text (``NormalizedText.text`` or a piece of it).
        rules: The rule pack; ``rules.tokens`` gives the patterns and the user dictionary.

    Returns:
        Tokens whose texts concatenate to ``text``; spans are half-open into ``text``.
        Quantities are ``QUANTITY``, dates and deadlines ``DATE``, punctuation ``PUNCT``,
        whitespace ``SPACE``, everything else ``WORD``.

    Example:
        >>> [(t.text, t.kind.value) for t in tokenize("不得高于9吨/月·平方公里", rules=load_rules())]
        [('不得高于', 'word'), ('9吨/月·平方公里', 'quantity')]
    """
    segmenter = _SEGMENTERS.get(rules.digest) or _segmenter_of(rules)
    return segmenter.tokens(text) if len(text) <= CACHED_TEXT_CHARS else segmenter.tokenize(text)


def _protected_spans(text: str, patterns: tuple[TokenPattern, ...]) -> Iterator[tuple[int, int, TokenKind]]:
    """Yield the non-overlapping spans to keep whole, left to right.

    At each place the longest match wins, then the pattern listed first. Each pattern's next
    match is remembered and searched again only once a chosen span has passed its start, so
    the text is scanned about once per pattern.
    """
    searchers = [pattern for pattern in patterns if pattern.in_text]
    upcoming = [_search(pattern.regex, text, 0) for pattern in searchers]
    position = 0
    while True:
        best: tuple[int, int, int] | None = None  # (start, -end, index): the smallest wins
        for index, match in enumerate(upcoming):
            if match is not None and match.start() < position:
                match = upcoming[index] = _search(searchers[index].regex, text, position)
            if match is None:
                continue
            candidate = (match.start(), -match.end(), index)
            if best is None or candidate < best:
                best = candidate
        if best is None:
            return
        start, negative_end, index = best
        yield start, -negative_end, searchers[index].kind
        position = -negative_end


def _search(regex: re.Pattern[str], text: str, position: int) -> re.Match[str] | None:
    """The next non-empty match at or after ``position`` (lookbehinds still see the text before it)."""
    while position <= len(text):
        match = regex.search(text, position)
        if match is None or match.end() > match.start():
            return match
        position = match.start() + 1
    return None


def _segment(text: str, start: int, end: int, segmenter: _Segmenter, tokens: list[Token]) -> None:
    """Append the tokens of ``text[start:end]``, a stretch with no protected span in it."""
    for run in _RUN.finditer(text, start, end):
        offset = run.start()
        if run.lastgroup == "han":
            for word, kind in segmenter.cut(run.group()):
                tokens.append(Token(word, (offset, offset + len(word)), kind))
                offset += len(word)
        elif run.lastgroup == "space":
            tokens.append(Token(run.group(), run.span(), TokenKind.SPACE))
        else:
            tokens.append(Token(run.group(), run.span(), _symbol_kind(run.group())))


def _symbol_kind(text: str) -> TokenKind:
    """Punctuation or symbols (、 - . % and the like), else a word (letters of another script)."""
    if text.isalnum():  # nearly every word jieba cuts: no character to look up
        return TokenKind.WORD
    return TokenKind.PUNCT if all(unicodedata.category(char)[0] in "PS" for char in text) else TokenKind.WORD


class _Segmenter:
    """jieba with the user dictionary, and the word patterns that label what it cuts."""

    def __init__(self, tokenizer: jieba.Tokenizer, patterns: tuple[TokenPattern, ...]) -> None:
        self.tokenizer = tokenizer
        self.patterns = patterns
        # Only the word patterns (where = "token") relabel a word: one that matches a text
        # pattern was left to jieba because its context ruled it out (the 2012 of GB3095-2012).
        self.word_patterns = tuple(pattern for pattern in patterns if not pattern.in_text)
        # Two versions of a document share nearly all their sentences, and the diff and the
        # token patterns read many of the same ones: cut each run, and tokenize each text, once.
        self.cut = lru_cache(maxsize=1 << 16)(self._cut)
        self.tokens = lru_cache(maxsize=1 << 12)(self.tokenize)

    def tokenize(self, text: str) -> tuple[Token, ...]:
        tokens: list[Token] = []
        position = 0
        for start, end, kind in _protected_spans(text, self.patterns):
            _segment(text, position, start, self, tokens)
            tokens.append(Token(text[start:end], (start, end), kind))
            position = end
        _segment(text, position, len(text), self, tokens)
        return tuple(tokens)

    def _cut(self, run: str) -> tuple[tuple[str, TokenKind], ...]:
        return tuple((word, self._kind(word)) for word in self.tokenizer.cut(run, HMM=True))

    def _kind(self, word: str) -> TokenKind:
        """一批 and 三年 are quantities when jieba keeps them whole; jieba passes - . % through alone."""
        for pattern in self.word_patterns:
            if pattern.regex.fullmatch(word):
                return pattern.kind
        return _symbol_kind(word)


def clear_segment_cache() -> None:
    """Forget the segmentations remembered so far (benchmarks measure cold segmentation;
    a long-running worker may bound its memory). The jieba dictionary stays loaded."""
    for segmenter in set(_SEGMENTERS.values()):
        segmenter.cut.cache_clear()
        segmenter.tokens.cache_clear()


_SEGMENTERS: dict[str, _Segmenter] = {}
"""By the rule pack's digest: looked up at every call, where hashing the pack's tuples of
user words and patterns (as ``functools.cache`` would) cost a fifth of tokenizing a sentence."""


def _segmenter_of(rules: RulePack) -> _Segmenter:
    segmenter = _segmenter(rules.tokens.userdict, rules.tokens.patterns)
    _SEGMENTERS[rules.digest] = segmenter
    return segmenter


@cache
def _segmenter(userdict: tuple[DictEntry, ...], patterns: tuple[TokenPattern, ...]) -> _Segmenter:
    return _Segmenter(_jieba(userdict), patterns)


@cache
def _jieba(userdict: tuple[DictEntry, ...]) -> jieba.Tokenizer:
    """A private jieba tokenizer with the user dictionary, built once per process and dictionary.

    jieba's module-level functions share one process-wide tokenizer that ``add_word``
    mutates; a private one keeps our vocabulary out of other users of jieba. Its main
    dictionary is read from jieba's package data; unlike ``Tokenizer.initialize`` this
    writes no cache file to the temporary directory, and it logs nothing.
    """
    logging.getLogger("jieba").setLevel(logging.WARNING)  # else "Building prefix dict …" on stderr
    tokenizer = jieba.Tokenizer()
    tokenizer.FREQ, tokenizer.total = _prefix_dictionary(tokenizer)
    tokenizer.initialized = True
    for entry in userdict:
        tokenizer.add_word(entry.word, entry.freq, entry.tag)
    return tokenizer


def _prefix_dictionary(tokenizer: jieba.Tokenizer) -> tuple[dict[str, int], int]:
    """jieba's prefix dictionary, from a cache file when one matches the dictionary.

    Building it takes 0.8 s, most of a cold ``policydiff compare``; loading it takes 0.3 s.
    The cache is named by the hash of jieba's dictionary, so an upgraded jieba never reads a
    stale one; it lives in policydiff's cache folder (``cache.cache_dir``), is
    written atomically, and is skipped silently when that folder cannot be written.
    """
    with tokenizer.get_dict_file() as handle:
        data = handle.read()
    name = f"jieba-{hashlib.sha256(data).hexdigest()[:16]}.marshal"
    cached = read_cached(name)
    if cached is not None:
        try:
            return marshal.loads(cached)
        except (EOFError, ValueError, TypeError):
            pass
    freq, total = tokenizer.gen_pfdict(io.BytesIO(data))
    keep(name, marshal.dumps((freq, total)))
    return freq, total
