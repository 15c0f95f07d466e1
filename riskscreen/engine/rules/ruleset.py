"""A loaded, compiled set of rules and the matching of documents against it."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from spacy.attrs import ORTH
from spacy.tokens import Doc

from riskscreen.engine.catalogue import Indicator
from riskscreen.engine.document import Document
from riskscreen.engine.hits import IndicatorHit, MatchTrace, SuppressedHit
from riskscreen.engine.rules.fields import evaluate
from riskscreen.engine.rules.matcher import LanguageMatcher, RawHit, matching_view
from riskscreen.engine.rules.model import Rule
from riskscreen.engine.rules.negation import negator_for
from riskscreen.engine.rules.tokentable import TokenTable


def merge_overlapping(raw: Iterable[RawHit]) -> list[RawHit]:
    """One span per run of overlapping spans of the same rule."""
    by_rule: dict[str, list[RawHit]] = defaultdict(list)
    for hit in raw:
        by_rule[hit[0].id].append(hit)
    merged: list[RawHit] = []
    for hits in by_rule.values():
        hits.sort(key=lambda h: (h[1], -h[2]))
        rule, start, end = hits[0]
        for _, s, e in hits[1:]:
            if s < end:
                end = max(end, e)
            else:
                merged.append((rule, start, end))
                start, end = s, e
        merged.append((rule, start, end))
    return merged


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without surrounding whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _sort_key(hit: IndicatorHit) -> tuple[int, int, int, str]:
    if hit.start is None or hit.end is None:
        return (1, 0, 0, hit.rule_id)
    return (0, hit.start, hit.end, hit.rule_id)


class RuleSet:
    """Rules ready to match; `version` identifies the exact files they came from."""

    def __init__(
        self, rules: Sequence[Rule], indicators: dict[str, Indicator], version: str
    ) -> None:
        self.rules: tuple[Rule, ...] = tuple(sorted(rules, key=lambda r: r.id))
        self.indicators = dict(indicators)
        self.version = version
        self.by_id = {rule.id: rule for rule in self.rules}
        languages = sorted({lang for rule in self.rules for lang in rule.languages})
        self.languages = tuple(languages)
        self._matchers = {
            lang: LanguageMatcher(
                lang, [r for r in self.rules if lang in r.languages and r.text_patterns]
            )
            for lang in languages
        }
        self._field_rules = {
            lang: [r for r in self.rules if lang in r.languages and r.field_conditions]
            for lang in languages
        }

    def __len__(self) -> int:
        return len(self.rules)

    def rules_for(self, language: str, kind: str) -> list[Rule]:
        """The rules that run on documents of this language and kind."""
        return [r for r in self.rules if language in r.languages and kind in r.kinds]

    def match(self, document: Document) -> list[IndicatorHit]:
        """The hits of every rule on one document (suppressed hits left out)."""
        return self.trace_many([document])[0].hits

    def match_with_trace(self, document: Document) -> MatchTrace:
        """Hits plus the hits a negation or good-practice cue suppressed, with the cue."""
        return self.trace_many([document])[0]

    def match_many(
        self, documents: Sequence[Document], batch_size: int = 256
    ) -> list[list[IndicatorHit]]:
        """match() for many documents at once (spaCy batches them; much faster)."""
        return [trace.hits for trace in self.trace_many(documents, batch_size)]

    def trace_many(self, documents: Sequence[Document], batch_size: int = 256) -> list[MatchTrace]:
        """match_with_trace() for many documents, in the order given."""
        traces = [MatchTrace() for _ in documents]
        by_lang: dict[str, list[int]] = defaultdict(list)
        for i, document in enumerate(documents):
            if document.lang in self._matchers:
                by_lang[document.lang].append(i)
        for lang, indexes in by_lang.items():
            matcher = self._matchers[lang]
            if matcher.has_text_patterns:
                for chunk in range(0, len(indexes), batch_size):
                    part = indexes[chunk : chunk + batch_size]
                    views = [matching_view(documents[i].text) for i in part]
                    regex_hits = matcher.scan_regexes(views)
                    docs = matcher.pipe(views, batch_size)
                    for i, view, doc, found in zip(part, views, docs, regex_hits, strict=True):
                        self._match_text(matcher, documents[i], doc, view, found, traces[i])
            for i in indexes:
                self._match_fields(lang, documents[i], traces[i])
                traces[i].hits.sort(key=_sort_key)
                traces[i].suppressed.sort(key=lambda suppressed: _sort_key(suppressed.hit))
        return traces

    def _match_text(
        self,
        matcher: LanguageMatcher,
        document: Document,
        doc: Doc,
        view: str,
        regex_hits: list[RawHit],
        trace: MatchTrace,
    ) -> None:
        kind = document.kind
        orths = doc.to_array(ORTH)
        letters = matcher.letters(doc, orths)
        token_hits = [h for h in matcher.token_hits(doc, letters) if kind in h[0].kinds]
        raw = [h for h in regex_hits if kind in h[0].kinds]
        if not raw and not token_hits:
            return
        table = TokenTable.of(doc, view, orths, matcher.space_and_punct(letters))
        starts, ends = table.starts, table.ends
        raw.extend((rule, starts[s], ends[e - 1]) for rule, s, e in token_hits)
        negator = negator_for(matcher.nlp)
        cues = negator.cues(doc, table) if any(h[0].negatable for h in raw) else []
        text = document.text
        is_punct, is_space = table.is_punct, table.is_space
        sentences: dict[tuple[int, int], tuple[int, int, str]] = {}  # hits share sentences
        for rule, start, end in merge_overlapping(raw):
            tokens = table.tokens_covering(start, end)
            if tokens is None:
                continue
            # The sentence of the first word of the hit (a hit may begin with the full
            # stop that ends the sentence before it).
            first = tokens[0]
            while first < tokens[1] - 1 and (is_punct[first] or is_space[first]):
                first += 1
            if is_punct[first] or is_space[first]:
                first = tokens[0]
            sentence = table.sentence_of(first)
            found = sentences.get(sentence)
            if found is None:
                s_start, s_end = _strip(text, starts[sentence[0]], ends[sentence[1] - 1])
                found = sentences[sentence] = (s_start, s_end, text[s_start:s_end])
            s_start, s_end, sentence_text = found
            hit = IndicatorHit(
                rule.id, rule.indicator, start, end, text[start:end], rule.weight,
                sentence_text, rule.status, s_start, s_end,
            )  # fmt: skip
            cue = None
            if rule.negatable and cues:
                cue = negator.suppressor(table, cues, tokens[0], tokens[1], sentence)
            if cue is None:
                trace.hits.append(hit)
            else:
                cue_text = text[cue.start_char : cue.end_char]
                trace.suppressed.append(SuppressedHit(hit, cue_text, cue.start_char, cue.end_char))

    def _match_fields(self, lang: str, document: Document, trace: MatchTrace) -> None:
        if not document.fields:
            return
        for rule in self._field_rules[lang]:
            if document.kind not in rule.kinds:
                continue
            for cond in rule.field_conditions:
                evidence = evaluate(cond, document.fields)
                if evidence is not None:
                    trace.hits.append(
                        IndicatorHit(
                            rule.id,
                            rule.indicator,
                            None,
                            None,
                            evidence,
                            rule.weight,
                            None,
                            rule.status,
                        )
                    )
