"""Negation and good-practice cues: "no recruitment fees", "overtime is voluntary".

A hit is suppressed when, in the same sentence (lines count as sentences),
- a PRE cue ("no", "never", "without", "employer pays"...) ends at most PRE_WINDOW tokens
  before the hit, or
- a POST cue ("free of charge", "none", "reimbursed", "is voluntary"...) starts at most
  POST_WINDOW tokens after it, or
- a BOTH cue (good practice that reads either way: "voluntary", "free of charge") is within
  either window,
and no scope breaker lies between cue and hit: "but", "however", "except", ";", ":" (PRE
only), or a comma not followed by a list conjunction ("No fees, no deposits" is a list;
"No experience needed, placement fee RM 500" is not).

A cue must reach outside the hit on its side, so words inside the hit never count alone: a
rule that means the negation ("no days off", "not allowed to leave") puts the negation in
its pattern, or sets `negatable: false`.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from typing import NamedTuple

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from riskscreen.engine.rules.tokentable import TokenTable

PRE_WINDOW = 6
POST_WINDOW = 6

CUES: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {
        "PRE": (
            "no",
            "not",
            "n't",
            "never",
            "without",
            "nor",
            "neither",
            "zero",
            "none of",
            "free of",
            "free from",
            "exempt from",
            "nobody",
            "employer pays",
            "employer pays for",
            "employer will pay",
            "employer covers",
            "employer bears",
            "company pays",
            "company covers",
            "we pay",
            "we cover",
            "workers keep",
            "workers hold",
            "workers retain",
            "employees keep",
            "employees retain",
            "you keep",
            "worker keeps",
            "employee keeps",
            "keep their own",
            "keep your own",
            "zero-fee",
            "fee-free",
            "refund",
            "refunds",
            "has stopped",
            "have stopped",
            "no longer",
            "abolished",
            "if you want to",
            "if you wish to",
            "if you prefer to",
            "if you choose to",
        ),
        "POST": (
            "none",
            "nil",
            "n/a",
            "not charged",
            "never charged",
            "not deducted",
            "never deducted",
            "not required",
            "not retained",
            "never retained",
            "not held",
            "never held",
            "not kept",
            "never kept",
            "not collected",
            "never collected",
            "not confiscated",
            "never confiscated",
            "not withheld",
            "never withheld",
            "not taken",
            "never taken",
            "are waived",
            "is waived",
            "waived",
            "paid by the employer",
            "paid by employer",
            "paid for by the employer",
            "paid in full by the employer",
            "paid by the company",
            "covered by the employer",
            "covered by the company",
            "borne by the employer",
            "borne by the company",
            "met by the employer",
            "at the employer's expense",
            "at the company's expense",
            "at the employer 's expense",
            "by the workers themselves",
            "kept by workers",
            "kept by the workers",
            "kept by the worker",
            "kept by employees",
            "held by workers",
            "held by the workers",
            "held by the worker",
            "held by employees",
            "remain with the worker",
            "remain with workers",
            "remains with the worker",
            "refunded in full",
            "nothing",
            "ceased",
            "has ceased",
            "have ceased",
            "discontinued",
            "abolished",
            "eliminated",
            "paid out in full",
            "repaid in full",
            "paid back in full",
            "at our cost",
            "at our expense",
            "at our own cost",
            "at no cost to you",
            "at no cost to workers",
            "at the company's cost",
            "at the employer's cost",
        ),
        "BOTH": (
            "voluntary",
            "voluntarily",
            "optional",
            "free of charge",
            "at no cost",
            "at no charge",
            "no cost",
            "free",
            "reimbursed",
            "reimburse",
            "reimburses",
            "reimbursement",
            "employer-paid",
            "company-paid",
            "employer paid",
            "employer pays principle",
        ),
        "BREAK": (
            "but",
            "however",
            "except",
            "although",
            "though",
            "whereas",
            "yet",
            ";",
            "until",
            "unless",
            "because",
            "otherwise",
            "|",
            "•",
        ),
        "CLAUSE": ("until", "unless", "if", "when", "because", "before", "after", "once"),
        "CONJ": ("and", "or", "nor", "&", "/"),
    },
    "es": {
        "PRE": (
            "no",
            "nunca",
            "jamás",
            "sin",
            "ni",
            "ningún",
            "ninguna",
            "ninguno",
            "cero",
            "libre de",
            "libres de",
            "exento de",
            "exentos de",
            "nadie",
            "el empleador paga",
            "la empresa paga",
            "el empleador cubre",
            "la empresa cubre",
            "pagamos",
            "cubrimos",
            "los trabajadores conservan",
            "los trabajadores guardan",
            "el trabajador conserva",
            "el trabajador guarda",
            "usted conserva",
            "conservan su",
            "conservan sus",
            "ya no",
        ),
        "POST": (
            "ninguno",
            "ninguna",
            "no se cobra",
            "no se cobran",
            "no se descuenta",
            "no se descuentan",
            "no se retiene",
            "no se retienen",
            "nunca se retienen",
            "a cargo del empleador",
            "a cargo de la empresa",
            "pagado por el empleador",
            "pagados por el empleador",
            "pagada por el empleador",
            "pagadas por el empleador",
            "pagado por la empresa",
            "pagados por la empresa",
            "pagada por la empresa",
            "pagadas por la empresa",
            "cubierto por la empresa",
            "cubiertos por la empresa",
            "cubierto por el empleador",
            "cubiertos por el empleador",
            "reembolsado",
            "nada",
            "eliminado",
            "eliminados",
            "eliminada",
            "eliminadas",
            "reembolsados",
            "reembolsada",
            "reembolsadas",
        ),
        "BOTH": (
            "voluntario",
            "voluntaria",
            "voluntarios",
            "voluntarias",
            "voluntariamente",
            "opcional",
            "opcionales",
            "gratis",
            "gratuito",
            "gratuita",
            "gratuitos",
            "gratuitas",
            "sin costo",
            "sin coste",
            "sin cargo",
            "sin costo alguno",
            "reembolso",
        ),
        "BREAK": (
            "pero",
            "sino",
            "aunque",
            "excepto",
            "salvo",
            "sin embargo",
            "no obstante",
            ";",
            "hasta",
            "porque",
            "|",
            "•",
        ),
        "CLAUSE": ("hasta", "si", "cuando", "porque", "antes", "después"),
        "CONJ": ("y", "e", "o", "u", "ni", "/"),
    },
}


# Cues whose reach differs from the default window: "without" and "free" qualify the next
# word or two ("without any fee", "transport free"), "nothing" only the word before it
# ("you owe nothing"); "none of the workers ..." negates its whole clause.
SHORT_WINDOWS: dict[str, dict[str, int]] = {
    "en": {
        "without": 3,
        "free": 2,
        "nobody": 3,
        "zero": 2,
        "nothing": 1,
        "none of": 12,
        "if you want to": 3,
        "if you wish to": 3,
        "if you prefer to": 3,
        "if you choose to": 3,
    },
    "es": {"sin": 3, "gratis": 2, "nada": 1},
}


def _is_symbol(text: str) -> bool:
    """Emoji and other symbols: ads use them as bullets between unrelated statements."""
    if text.isalnum():  # letters and digits are never symbols: most tokens end here
        return False
    return bool(text) and all(
        unicodedata.category(ch)[0] == "S" or ch in "\u200d\ufe0f" for ch in text
    )


class Cue(NamedTuple):
    """A cue found in a document: its kind (PRE, POST, BOTH), token span and text.

    A NamedTuple: documents have many cues, and a tuple is five times cheaper to make
    than a frozen dataclass.
    """

    kind: str
    start: int
    end: int
    text: str
    start_char: int
    end_char: int


class Negator:
    """Finds the cue that suppresses a hit, if any, for one language."""

    def __init__(self, nlp: Language) -> None:
        cues = CUES[str(nlp.lang)]
        self._matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        for kind in ("PRE", "POST", "BOTH"):
            self._matcher.add(kind, [nlp.make_doc(cue) for cue in cues[kind]])
        self._kinds = {nlp.vocab.strings[k]: k for k in ("PRE", "POST", "BOTH")}
        self._breaks = frozenset(cues["BREAK"])
        self._clause = frozenset(cues["CLAUSE"])
        self._short = SHORT_WINDOWS.get(str(nlp.lang), {})
        self._break_phrases = [b.split() for b in cues["BREAK"] if " " in b]
        self._conj = frozenset(cues["CONJ"])

    def cues(self, doc: Doc, table: TokenTable) -> list[Cue]:
        """Every cue in the document, in text order."""
        found = []
        text = table.text
        for key, start, end in self._matcher(doc):
            start_char, end_char = table.starts[start], table.ends[end - 1]
            found.append(
                Cue(self._kinds[key], start, end, text[start_char:end_char], start_char, end_char)
            )
        return found

    def suppressor(
        self, table: TokenTable, cues: list[Cue], start: int, end: int, sentence: tuple[int, int]
    ) -> Cue | None:
        """The nearest cue that negates the token span [start, end) within its sentence."""
        sent_start, sent_end = sentence
        cues = [cue for cue in cues if sent_start <= cue.start and cue.end <= sent_end]
        if not cues:
            return None
        # A hit that opens a clause ("until it is repaid") is outside the reach of a
        # negation before it ("could not leave until it is repaid").
        opens_clause = table.lower(start) in self._clause
        # A long hit that itself breaks scope ("We pay your ticket, you pay us back from
        # your salary") is not negated as a whole by a cue at one end. (Short hits such as
        # "passports, stored in" keep their cues.)
        if end - start > PRE_WINDOW and self._gap(table, start, end, pre=False) is None:
            return None
        best: tuple[int, int, Cue] | None = None  # (gap, -length, cue): nearest, then longest
        for cue in cues:
            # A cue must reach outside the hit on its side: "no" inside the hit "no days
            # off" is the risk itself, while "workers keep" overlapping "keep their
            # passports" is good practice.
            reach = self._short.get(cue.text.lower())
            if cue.kind in ("PRE", "BOTH") and cue.start < start and not opens_clause:
                gap = self._gap(table, cue.end, start, pre=True) if cue.end < start else 0
                window = PRE_WINDOW if reach is None else reach
                if (
                    gap is not None
                    and gap <= window
                    and (best is None or (gap, cue.start - cue.end) < best[:2])
                ):
                    best = (gap, cue.start - cue.end, cue)
            if cue.kind in ("POST", "BOTH") and cue.end > end:
                gap = self._gap(table, end, cue.start, pre=False) if cue.start > end else 0
                window = POST_WINDOW if reach is None else reach
                if (
                    gap is not None
                    and gap <= window
                    and (best is None or (gap, cue.start - cue.end) < best[:2])
                ):
                    best = (gap, cue.start - cue.end, cue)
        return best[2] if best else None

    def _gap(self, table: TokenTable, left: int, right: int, pre: bool) -> int | None:
        """Tokens between left and right (spaces excluded), or None when scope is broken."""
        is_space, starts, ends, text = table.is_space, table.starts, table.ends, table.text
        tokens = [i for i in range(left, right) if not is_space[i]]
        texts = [text[starts[i] : ends[i]] for i in tokens]
        words = [t.lower() for t in texts]
        if not self._breaks.isdisjoint(words) or (pre and ":" in words):
            return None
        if any(
            _is_symbol(t) or (t == "-" and table.space_after(i))
            for i, t in zip(tokens, texts, strict=True)
        ):
            return None  # emoji bullets and spaced dashes separate statements
        for phrase in self._break_phrases:
            n = len(phrase)
            if any(words[i : i + n] == phrase for i in range(len(words) - n + 1)):
                return None
        if "," in words:
            last_comma = len(words) - 1 - words[::-1].index(",")
            if not any(w in self._conj for w in words[last_comma + 1 :]):
                return None
        return len(words)


@cache
def negator_for(nlp: Language) -> Negator:
    """One Negator per pipeline (the pipeline is itself cached per language)."""
    return Negator(nlp)
