"""Fuzzy matching of supplier names against entity lists, with rapidfuzz.

Names are normalised first (accents, case, punctuation and legal forms such as Co., Ltd.,
GmbH, S.A., Sdn Bhd removed; tokens sorted so word order does not matter), then compared
only within blocks: a supplier is scored against the entity names that share a token prefix
or suffix with it (three characters), so 100,000 suppliers against 10,000 entities costs
millions of comparisons, not a billion. Each block is one rapidfuzz.process.cdist call.

The match strength is rapidfuzz's normalised Indel similarity (0-100) of the two normalised
names (the best over an entity's name and aliases). At or above `match_threshold` it is a
match; from `review_threshold` up to it, a candidate for an analyst's review. An analyst's
decision on a (normalised supplier name, entity) pair overrides the strength: a confirmed pair
is a match whatever its strength, a rejected one never is.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA, Levenshtein

from riskscreen.suppliers.reference import EntityRecord
from riskscreen.suppliers.text import fold

MATCH_THRESHOLD = 88.0
REVIEW_THRESHOLD = 75.0
MAX_CANDIDATES = 5  # matches and review candidates kept per supplier (decided pairs always)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Legal forms and their usual abbreviations, as single tokens after punctuation is removed
# ("S.A." -> "sa", "Co., Ltd." -> "co ltd"). Removed wherever they stand.
LEGAL_FORMS = _words("""
co company companies corp corporation inc incorporated ltd limited llc llp lp plc gmbh mbh ag kg
kgaa ohg ug sa sas sarl srl spa sl slu sae sab cv de rl bv nv vof oy oyj ab as asa aps
pty pvt private pte sdn bhd berhad jsc ojsc pjsc cjsc oao zao ooo tbk pt kk kabushiki kaisha
gk yk ltda eireli sc scs sca ptd sro as akciova spolka zoo sp jv lda unlimited intl
youxian gongsi zeren fenyouxian jituan group holding holdings
""")
# Multi-word legal forms that are removed as a phrase before tokenising.
LEGAL_PHRASES = (
    "limited liability company", "limited liability partnership", "joint stock company",
    "public limited company", "private limited", "public company limited",
    "company limited", "co ltd", "sdn bhd", "pvt ltd", "pte ltd", "pty ltd", "s de rl",
    "sa de cv", "youxian gongsi", "youxian zeren gongsi",
)
# Generic words: what a company does or where, not who it is. They are not blocked on, and
# the strength is also taken on the names without them (see `strength`).
GENERIC_WORDS = _words("""
and the of for de la el le du des di da do y e et und international
intl industrial industries industry trading trade traders manufacturing manufacturer
manufacturers mfg enterprise enterprises global import export imports exports textile
textiles garment garments apparel clothing knitting knitwear spinning weaving dyeing factory
factories mill mills products product services service company development technology
technologies tech materials material supply supplies solutions seafood fishing fisheries
fish foods food cotton metals metal rubber chemicals chemical furniture cocoa coffee bricks
brick glove gloves electronics electronic solar plastics plastic packaging logistics mining
toys footwear shoes leather paper agriculture agricultural farm farms new
""")
BLOCK_STOPWORDS = GENERIC_WORDS

_ABBREVIATION = re.compile(r"\b(?:[a-z]\.){2,}")  # s.a. / s.p.a. / u.s.a. -> sa / spa / usa
_NON_WORD = re.compile(r"[^\w]+|_")
_PHRASES = re.compile(r"\b(?:" + "|".join(re.escape(p) for p in LEGAL_PHRASES) + r")\b")


@lru_cache(maxsize=262144)
def normalise_name(name: str) -> str:
    """Lower case, no accents, no punctuation, no legal forms, tokens sorted.

    "Golden Star Garments Co., Ltd." and "GARMENTS GOLDEN STAR LIMITED" both give
    "garments golden star". A name made only of legal forms keeps them.
    """
    text = fold(name).replace("&", " and ")
    text = _ABBREVIATION.sub(lambda m: m.group(0).replace(".", ""), text)
    text = _NON_WORD.sub(" ", text)
    stripped = _PHRASES.sub(" ", text)
    tokens = [t for t in stripped.split() if t not in LEGAL_FORMS and t != "and"]
    if not tokens:
        tokens = text.split()
    return " ".join(sorted(tokens))


_GENERIC_LIST = sorted(GENERIC_WORDS)


@lru_cache(maxsize=262144)
def is_generic(token: str) -> bool:
    """A generic word, or one letter away from one ("traing", "fishnig")."""
    if token in GENERIC_WORDS:
        return True
    if len(token) < 5:
        return False
    return process.extractOne(token, _GENERIC_LIST, scorer=Levenshtein.distance,
                              score_cutoff=1) is not None \
        or process.extractOne(token, _GENERIC_LIST, scorer=OSA.distance,
                              score_cutoff=1) is not None


@lru_cache(maxsize=262144)
def core(normalised: str) -> str:
    """The name without its generic words (the name itself when nothing else is left)."""
    tokens = [t for t in normalised.split() if not is_generic(t)]
    return " ".join(tokens) if tokens else normalised


def strength(a: str, b: str) -> float:
    """How alike two normalised names are, 0-100: the mean of the similarity of the whole
    names and of their cores (the names without generic words), so "amber bricks" and "blue
    bricks" (cores "amber" and "blue") are not alike however much of the rest they share."""
    return (fuzz.ratio(a, b) + fuzz.ratio(core(a), core(b))) / 2


def block_keys(normalised: str) -> set[str]:
    """The blocks a name is compared in: its distinctive words (not generic ones such as
    "trading" or "textile"); a name with a single distinctive word also blocks on that word's
    first and last three letters, so a typo in it still finds its candidates."""
    tokens = normalised.split()
    useful = [t for t in tokens if t not in BLOCK_STOPWORDS] or tokens
    keys = {"w:" + token for token in useful}
    if len(useful) == 1 and len(useful[0]) > 3:
        keys.add("p:" + useful[0][:3])
        keys.add("s:" + useful[0][-3:])
    return keys


@dataclass(frozen=True)
class EntityMatch:
    entity_key: str  # "<list>:<entity id>", what analyst decisions refer to
    entity_id: str
    name: str
    matched_name: str  # the name or alias that matched best
    list_name: str
    reference: str
    countries: tuple[str, ...]
    strength: float  # 0-100
    status: str  # match | review | confirmed | rejected

    @property
    def counts(self) -> bool:
        return self.status in ("match", "confirmed")


def entity_key(entity: EntityRecord) -> str:
    return f"{entity.list_name}:{entity.entity_id}"


class EntityIndex:
    """Entity names (and aliases), normalised and blocked once, matched many times."""

    def __init__(
        self,
        entities: Sequence[EntityRecord],
        match_threshold: float = MATCH_THRESHOLD,
        review_threshold: float = REVIEW_THRESHOLD,
    ) -> None:
        self.entities = list(entities)
        self.match_threshold = match_threshold
        self.review_threshold = review_threshold
        self.by_key = {entity_key(e): i for i, e in enumerate(self.entities)}
        self._choices: list[str] = []
        self._cores: list[str] = []
        self._choice_names: list[str] = []
        self._owner: list[int] = []
        self._owned: dict[int, list[int]] = defaultdict(list)  # entity -> its choices
        blocks: dict[str, list[int]] = defaultdict(list)
        for index, entity in enumerate(self.entities):
            seen: set[str] = set()
            for name in (entity.name, *entity.aliases):
                normalised = normalise_name(name)
                if not normalised or normalised in seen:
                    continue
                seen.add(normalised)
                choice = len(self._choices)
                self._choices.append(normalised)
                self._cores.append(core(normalised))
                self._choice_names.append(name)
                self._owner.append(index)
                self._owned[index].append(choice)
                for block in block_keys(normalised):
                    blocks[block].append(choice)
        self._blocks = {key: (members, [self._cores[c] for c in members],
                              [self._choices[c] for c in members])
                        for key, members in blocks.items()}

    def strengths(self, names: Sequence[str]) -> list[dict[int, tuple[float, int]]]:
        """For each normalised name: entity index -> (best strength, choice index).

        Cores are compared first, in blocks (one cdist call each); the pairs that pass are
        then scored on the whole names too (see `strength`).
        """
        found: list[dict[int, tuple[float, int]]] = [{} for _ in names]
        cores = [core(name) for name in names]
        by_block: dict[str, list[int]] = defaultdict(list)
        for position, name in enumerate(names):
            for block in block_keys(name):
                if block in self._blocks:
                    by_block[block].append(position)
        for block, positions in by_block.items():
            choices, choice_cores, choice_names = self._blocks[block]
            workers = -1 if len(positions) * len(choices) > 20000 else 1
            scores = process.cdist([cores[p] for p in positions], choice_cores,
                                   scorer=fuzz.ratio, dtype=np.float32, workers=workers)
            scores += process.cdist([names[p] for p in positions], choice_names,
                                    scorer=fuzz.ratio, dtype=np.float32, workers=workers)
            scores /= 2
            rows, cols = np.nonzero(scores >= self.review_threshold)
            for row, col in zip(rows.tolist(), cols.tolist(), strict=True):
                choice = choices[col]
                owner = self._owner[choice]
                position = positions[row]
                score = float(scores[row, col])
                best = found[position].get(owner)
                if best is None or score > best[0]:
                    found[position][owner] = (score, choice)
        return found

    def match(
        self, names: Iterable[str], decisions: Mapping[tuple[str, str], str] | None = None
    ) -> dict[str, list[EntityMatch]]:
        """Normalised supplier name -> its matches and review candidates, strongest first."""
        unique = sorted({n for n in names if n})
        decisions = decisions or {}
        confirmed: dict[str, list[str]] = defaultdict(list)
        decided_owners: dict[str, set[int]] = defaultdict(set)
        for (name, key_), decision in decisions.items():
            if decision == "confirm":
                confirmed[name].append(key_)
            if key_ in self.by_key:
                decided_owners[name].add(self.by_key[key_])
        results: dict[str, list[EntityMatch]] = {}
        for name, hits in zip(unique, self.strengths(unique), strict=True):
            decided_here = decided_owners.get(name, set())
            strongest = sorted(hits.items(), key=lambda kv: -kv[1][0])
            kept = [kv for i, kv in enumerate(strongest)
                    if i < MAX_CANDIDATES or kv[0] in decided_here]
            matches = [self._result(name, owner, strength, choice, decisions)
                       for owner, (strength, choice) in kept]
            for key_ in confirmed.get(name, []):
                owner = self.by_key.get(key_)  # type: ignore[assignment]
                if owner is None or owner in hits:
                    continue
                strength, choice = self._best_choice(name, owner)
                matches.append(self._result(name, owner, strength, choice, decisions))
            matches.sort(key=lambda m: (-m.counts, -m.strength, m.entity_key))
            decided = [m for m in matches if m.status in ("confirmed", "rejected")]
            others = [m for m in matches if m.status not in ("confirmed", "rejected")]
            results[name] = decided + others[:MAX_CANDIDATES]
        return results

    def _best_choice(self, name: str, owner: int) -> tuple[float, int]:
        best = (0.0, -1)
        for choice in self._owned[owner]:
            best = max(best, (strength(name, self._choices[choice]), choice))
        return best

    def _result(
        self, name: str, owner: int, strength: float, choice: int,
        decisions: Mapping[tuple[str, str], str],
    ) -> EntityMatch:
        entity = self.entities[owner]
        key_ = entity_key(entity)
        decision = decisions.get((name, key_))
        if decision == "confirm":
            status = "confirmed"
        elif decision == "reject":
            status = "rejected"
        elif strength >= self.match_threshold:
            status = "match"
        else:
            status = "review"
        return EntityMatch(
            entity_key=key_, entity_id=entity.entity_id, name=entity.name,
            matched_name=self._choice_names[choice] if choice >= 0 else entity.name,
            list_name=entity.list_name, reference=entity.reference,
            countries=entity.countries, strength=round(strength, 1), status=status,
        )
