"""Screening: Document -> rule hits -> classifier -> combined Assessment.

The classifier reads the text with every sentence that holds a rule hit blanked out (same
length, so offsets still index the submitted text). The rules have already counted that
evidence; letting the classifier count it again would double it in an additive model, and
blanking makes the score monotone: a sentence that adds rule evidence never lowers it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any

from riskscreen.engine.assessment import (
    Advice,
    Assessment,
    IndicatorFound,
    Reason,
    logit,
    sigmoid,
)
from riskscreen.engine.catalogue import Indicator
from riskscreen.engine.classifier import TextClassifier
from riskscreen.engine.document import Document
from riskscreen.engine.hits import IndicatorHit, MatchTrace
from riskscreen.engine.nlp import get_nlp
from riskscreen.engine.rules import RuleSet
from riskscreen.engine.scoring import (
    ScoringPolicy,
    band_for,
    classifier_reasons,
    co_occurrence_reason,
    prior_reason,
    rule_reasons,
    total_logit,
)

TOP_TERMS = 8
TRACE_TERMS = 25
# Classifier terms worth showing a person: no stop words, numbers or one-letter tokens. The
# contribution of a term left out is not lost: it stays in the classifier_rest reason.
_NOT_A_WORD = re.compile(r"^[\W\d_]*$")


def readable_terms(terms: Sequence[Any], language: str, limit: int) -> list[Any]:
    shown = []
    for term in terms:
        if is_readable(term.term, language):
            shown.append(term)
            if len(shown) == limit:
                break
    return shown


@lru_cache(maxsize=100_000)
def is_readable(term: str, language: str) -> bool:
    """Whether a term is worth showing: not only stop words, numbers or short tokens."""
    stop_words = get_nlp(language).Defaults.stop_words
    return not all(
        w in stop_words or len(w) < 3 or _NOT_A_WORD.match(w) for w in term.lower().split()
    )


def sentence_span(hit: IndicatorHit) -> tuple[int, int]:
    """The span of the sentence that holds a text hit."""
    if hit.sentence_start is not None and hit.sentence_end is not None:
        return hit.sentence_start, hit.sentence_end
    assert hit.start is not None and hit.end is not None
    return hit.start, hit.end


def blank_explained(text: str, hits: Sequence[IndicatorHit]) -> tuple[str, list[tuple[int, int]]]:
    """The text with every sentence holding a hit replaced by spaces, and those spans."""
    spans = sorted({sentence_span(h) for h in hits if h.start is not None})
    if not spans:
        return text, []
    pieces = []
    done = 0  # text[:done] is written
    for start, end in spans:
        start = max(start, done)  # sentences of two hits may overlap
        if end > start:
            pieces += [text[done:start], " " * (end - start)]
            done = end
    pieces.append(text[done:])
    return "".join(pieces), spans


class Screener:
    """Holds a ruleset and one classifier per document kind; screens documents."""

    def __init__(
        self,
        ruleset: RuleSet,
        classifiers: Mapping[str, TextClassifier] | None = None,
        policy: ScoringPolicy | None = None,
    ) -> None:
        self.ruleset = ruleset
        self.classifiers = dict(classifiers or {})
        self.policy = policy or ScoringPolicy()
        self._titles = {rule.id: rule.title for rule in ruleset.rules}

    @property
    def indicators(self) -> dict[str, Indicator]:
        return self.ruleset.indicators

    def versions(self, kind: str) -> dict[str, str]:
        model = self.classifiers.get(kind)
        return {"ruleset": self.ruleset.version, "model": model.version if model else "none"}

    def screen(self, document: Document, explain: bool = False) -> Assessment:
        return self.screen_many([document], explain=explain)[0]

    def screen_many(self, documents: Sequence[Document], explain: bool = False) -> list[Assessment]:
        """Screen documents in order; batching makes spaCy and the classifier much faster."""
        traces = self.ruleset.trace_many(documents)
        blanked = [blank_explained(d.text, t.hits) for d, t in zip(documents, traces, strict=True)]
        classifier_out: dict[int, tuple[float, list[Any]]] = {}
        by_kind: dict[str, list[int]] = defaultdict(list)
        for index, document in enumerate(documents):
            if document.kind in self.classifiers:
                by_kind[document.kind].append(index)
        # ask for more terms than are shown: stop words and numbers are dropped from the list
        top_k = TRACE_TERMS + TOP_TERMS if explain else 2 * TOP_TERMS + 4
        for kind, indexes in by_kind.items():
            model = self.classifiers[kind]
            probabilities, terms = model.explain_batch([blanked[i][0] for i in indexes], top_k)
            for position, index in enumerate(indexes):
                # exact enough inside the clip of the formula, and saves a second pass
                log_odds = logit(float(probabilities[position]), eps=1e-15)
                classifier_out[index] = (log_odds, terms[position])
        return [
            self._assess(document, trace, blanked[i], classifier_out.get(i), explain)
            for i, (document, trace) in enumerate(zip(documents, traces, strict=True))
        ]

    def _assess(
        self,
        document: Document,
        trace: MatchTrace,
        blanked: tuple[str, list[tuple[int, int]]],
        classifier: tuple[float, list[Any]] | None,
        explain: bool,
    ) -> Assessment:
        policy = self.policy
        reasons: list[Reason] = rule_reasons(trace.hits, self._titles, policy)
        distinct = sorted({hit.indicator for hit in trace.hits})
        co_occurrence = co_occurrence_reason(len(distinct), policy)
        if co_occurrence:
            reasons.append(co_occurrence)
        model = self.classifiers.get(document.kind)
        all_terms: list[Any] = []
        if classifier is not None and model is not None:
            log_odds, all_terms = classifier
            shown = readable_terms(all_terms, document.lang, TOP_TERMS)
            reasons.extend(classifier_reasons(document.text, log_odds, shown, model.version,
                                              policy))
        else:
            reasons.append(prior_reason(policy))
        reasons.sort(key=lambda r: -abs(r.contribution))
        logit = total_logit(reasons)
        score = 100.0 * sigmoid(logit)
        return Assessment(
            kind=document.kind,
            language=document.lang,
            logit=logit,
            score=score,
            band=band_for(score),
            indicators=self._indicators_found(distinct, reasons),
            reasons=tuple(reasons),
            advice=tuple(self._advice(i) for i in distinct if i in self.indicators),
            versions=self.versions(document.kind),
            trace=self._trace(trace, blanked, classifier, all_terms[:TRACE_TERMS], reasons)
            if explain else None,
        )

    def _indicators_found(
        self, distinct: list[str], reasons: list[Reason]
    ) -> tuple[IndicatorFound, ...]:
        own: dict[str, list[float]] = defaultdict(list)
        for reason in reasons:
            if reason.source == "rule" and reason.indicator is not None:
                own[reason.indicator].append(reason.contribution)
        found = []
        for indicator_id in distinct:
            info = self.indicators.get(indicator_id)
            found.append(IndicatorFound(
                id=indicator_id, name=info.name if info else indicator_id,
                group=info.group if info else "", hits=len(own[indicator_id]),
                contribution=sum(own[indicator_id]),
            ))
        found.sort(key=lambda f: -f.contribution)
        return tuple(found)

    def _advice(self, indicator_id: str) -> Advice:
        info = self.indicators[indicator_id]
        return Advice(indicator=indicator_id, name=info.name, advice=info.remediation)

    def _trace(
        self,
        trace: MatchTrace,
        blanked: tuple[str, list[tuple[int, int]]],
        classifier: tuple[float, list[Any]] | None,
        terms: list[Any],
        reasons: list[Reason],
    ) -> dict[str, Any]:
        """The whole decision, for ?explain=full."""
        def parts(source: str) -> float:
            return sum(r.contribution for r in reasons if r.source == source)

        return {
            "hits": [_hit_dict(h) for h in trace.hits],
            "suppressed": [
                {**_hit_dict(s.hit), "cue": s.cue, "cue_start": s.cue_start, "cue_end": s.cue_end}
                for s in trace.suppressed
            ],
            "classifier": None if classifier is None else {
                "log_odds": classifier[0],
                "sentences_left_to_the_rules": [{"start": s, "end": e} for s, e in blanked[1]],
                "terms": [{"term": t.term, "contribution": t.contribution,
                           "spans": [{"start": s, "end": e} for s, e in t.spans]} for t in terms],
            },
            "log_odds": {
                "rules": parts("rule"),
                "co_occurrence": parts("co_occurrence"),
                "classifier": parts("classifier_term") + parts("classifier_rest"),
                "prior": parts("prior"),
                "total": total_logit(reasons),
            },
        }


def _hit_dict(hit: IndicatorHit) -> dict[str, Any]:
    return {"rule_id": hit.rule_id, "indicator": hit.indicator, "start": hit.start,
            "end": hit.end, "evidence": hit.evidence, "weight": hit.weight,
            "status": hit.status, "sentence": hit.sentence}
