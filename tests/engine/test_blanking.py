"""blank_explained against a character-by-character reference."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from riskscreen.engine.hits import IndicatorHit
from riskscreen.engine.screener import blank_explained

PIECES = [*"ab c.\t", "\r\n", "\r", "\n", "é", "ß", "İ", "日本", "😀", "👍🏽", "e\u0301", "\u00a0"]
TEXTS = st.one_of(
    st.lists(st.sampled_from(PIECES), max_size=40).map("".join),
    st.text(max_size=60),  # any code points but surrogates
    st.just("Line one.\r\nLíne two 😀 here.\r\n\r\nThird – İstanbul."),
)


def reference_span(hit: IndicatorHit) -> tuple[int, int]:
    if hit.sentence_start is None or hit.sentence_end is None:
        assert hit.start is not None and hit.end is not None
        return hit.start, hit.end
    return hit.sentence_start, hit.sentence_end


def reference_blank(text: str, hits: list[IndicatorHit]) -> tuple[str, list[tuple[int, int]]]:
    chars = list(text)
    spans = set()
    for hit in hits:
        if hit.start is None and hit.end is None:
            continue  # a field hit
        start, end = reference_span(hit)
        spans.add((start, end))
        for i in range(start, end):
            chars[i] = " "
    return "".join(chars), sorted(spans)


def make_hit(
    start: int | None,
    end: int | None,
    sentence_start: int | None = None,
    sentence_end: int | None = None,
) -> IndicatorHit:
    return IndicatorHit(
        rule_id="r1",
        indicator="ind",
        start=start,
        end=end,
        evidence="e",
        weight=1.0,
        sentence=None,
        status="active",
        sentence_start=sentence_start,
        sentence_end=sentence_end,
    )


@st.composite
def text_and_hits(draw: st.DrawFn) -> tuple[str, list[IndicatorHit]]:
    text = draw(TEXTS)
    n = len(text)
    ordered = st.tuples(st.integers(0, n), st.integers(0, n)).map(sorted)
    hits: list[IndicatorHit] = []
    for _ in range(draw(st.integers(0, 6))):
        kind = draw(st.sampled_from(["sentence", "no-sentence", "half-sentence", "field"]))
        if kind == "field":  # start/end None: ignored, whatever its sentence fields say
            s = draw(st.none() | ordered)
            hits.append(make_hit(None, None, *(s if s else (None, None))))
            continue
        start, end = draw(ordered)
        if kind == "no-sentence":
            hits.append(make_hit(start, end))
        elif kind == "half-sentence":  # only one sentence bound: the hit's own span counts
            bound = draw(st.integers(0, n))
            pair = draw(st.sampled_from([(bound, None), (None, bound)]))
            hits.append(make_hit(start, end, *pair))
        else:
            sentence_start = draw(st.integers(0, start))
            sentence_end = draw(st.integers(end, n))
            hits.append(make_hit(start, end, sentence_start, sentence_end))
    twice = draw(st.booleans())
    if hits and twice:  # the same hit (or span) twice
        hits.append(draw(st.sampled_from(hits)))
    return text, draw(st.permutations(hits))


@settings(max_examples=500, deadline=None)
@given(text_and_hits())
def test_blank_explained_equals_a_character_reference(case: tuple[str, list[IndicatorHit]]) -> None:
    text, hits = case
    blanked, spans = blank_explained(text, hits)
    expected_text, expected_spans = reference_blank(text, hits)
    assert len(blanked) == len(text)
    assert blanked == expected_text
    assert spans == expected_spans


def test_overlapping_and_nested_sentences() -> None:
    text = "Ab😀 cd.\r\nEf gh. İj kl. Mn"
    hits = [
        make_hit(1, 3, 0, 8),  # "Ab😀 cd.\r"
        make_hit(4, 6, 4, 14),  # overlaps the first
        make_hit(10, 12, 10, 12),  # nested in the second
        make_hit(None, None),  # a field hit
        make_hit(17, 19),  # no sentence: its own span
        make_hit(17, 19),
    ]
    blanked, spans = blank_explained(text, hits)
    assert blanked == " " * 14 + text[14:17] + "  " + text[19:]
    assert spans == [(0, 8), (4, 14), (10, 12), (17, 19)]


def test_only_field_hits_leave_the_text_alone() -> None:
    text = "Ünïcödé 😀\r\n"
    assert blank_explained(text, [make_hit(None, None), make_hit(None, None, 0, 3)]) == (text, [])
    assert blank_explained(text, []) == (text, [])
