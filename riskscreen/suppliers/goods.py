"""Goods and sectors as partners write them -> the good names of the reference table.

The vocabulary is the set of goods in the imported US DOL list (lower case, e.g. "garments",
"palm fruit", "thread/yarn"). An input maps by, in order: its own name (singular or plural),
the synonym table below, an HS code prefix, or the vocabulary names it contains ("organic
cotton fabric" -> cotton, textiles). What does not map is reported, never guessed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from riskscreen.suppliers.text import key

# synonym (as key()) -> DOL good names. Written for the project from the goods on the list.
SYNONYMS: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(("apparel", "clothing", "clothes", "tee shirts", "tee shirt", "t shirts",
                     "t shirt", "tshirts", "shirts", "garment", "ready made garments", "rmg",
                     "knitwear", "sportswear", "uniforms", "dresses", "jeans", "hoodies",
                     "garment manufacturing", "apparel manufacturing", "cut and sew"),
                    ("garments",)),
    **dict.fromkeys(("fabric", "fabrics", "cloth", "woven fabric", "knitted fabric",
                     "textile", "home textiles", "denim", "linen", "bedding", "towels"),
                    ("textiles",)),
    **dict.fromkeys(("yarn", "thread", "cotton yarn", "spun yarn", "yarns"), ("thread/yarn",)),
    **dict.fromkeys(("raw cotton", "cotton lint", "cotton fibre", "cotton fiber", "seed cotton",
                     "ginned cotton"), ("cotton",)),
    **dict.fromkeys(("cell phones", "cellphones", "mobile phones", "smartphones", "phones",
                     "laptops", "computers", "semiconductors", "circuit boards", "pcb", "pcba",
                     "electronic components", "consumer electronics", "electronic",
                     "electronics manufacturing", "chips", "tablets"), ("electronics",)),
    **dict.fromkeys(("rubber gloves", "nitrile gloves", "latex gloves", "medical gloves",
                     "disposable gloves", "examination gloves", "surgical gloves"), ("gloves",)),
    **dict.fromkeys(("prawns", "prawn", "frozen shrimp", "shrimps", "peeled shrimp"),
                    ("shrimp",)),
    **dict.fromkeys(("seafood", "sea food"), ("fish", "shrimp")),
    **dict.fromkeys(("tuna", "canned tuna", "fishing", "fisheries", "fishmeal", "fish meal",
                     "frozen fish", "squid", "sardines"), ("fish",)),
    **dict.fromkeys(("cacao", "cocoa beans", "cocoa bean", "chocolate", "cocoa products",
                     "cocoa butter", "cocoa powder"), ("cocoa",)),
    **dict.fromkeys(("coffee beans", "green coffee", "arabica", "robusta"), ("coffee",)),
    **dict.fromkeys(("palm oil", "crude palm oil", "cpo", "palm kernel oil", "palm kernel",
                     "fresh fruit bunches", "ffb", "palm"), ("palm fruit",)),
    **dict.fromkeys(("solar panels", "solar modules", "solar cells", "pv modules",
                     "photovoltaic modules", "solar", "silicon wafers", "wafers",
                     "metallurgical silicon"), ("polysilicon",)),
    **dict.fromkeys(("sugar", "sugar cane", "cane sugar", "raw sugar"), ("sugarcane",)),
    **dict.fromkeys(("brick", "brick kilns", "brick kiln", "clay bricks"), ("bricks",)),
    **dict.fromkeys(("gold ore", "bullion", "gold mining"), ("gold",)),
    **dict.fromkeys(("rough diamonds", "diamond"), ("diamonds",)),
    **dict.fromkeys(("coal mining", "thermal coal"), ("coal",)),
    **dict.fromkeys(("beef", "cattle ranching", "livestock"), ("cattle",)),
    **dict.fromkeys(("wood", "lumber", "logs", "hardwood", "sawn wood", "timber products"),
                    ("timber",)),
    **dict.fromkeys(("tobacco leaf", "leaf tobacco"), ("tobacco",)),
    **dict.fromkeys(("paddy", "paddy rice"), ("rice",)),
    **dict.fromkeys(("tea leaves", "black tea", "green tea"), ("tea",)),
    **dict.fromkeys(("rugs", "rug", "carpet"), ("carpets",)),
    **dict.fromkeys(("shoes", "sneakers", "boots", "sandals", "shoe"), ("footwear",)),
    **dict.fromkeys(("christmas ornaments", "christmas decoration", "holiday decorations"),
                    ("christmas decorations",)),
    **dict.fromkeys(("wigs", "hair extensions", "human hair"), ("hair products",)),
    **dict.fromkeys(("tomato paste", "tomato sauce", "canned tomatoes"), ("tomato products",)),
    **dict.fromkeys(("cobalt", "heterogenite"), ("cobalt ore (heterogenite)",)),
    **dict.fromkeys(("tin", "cassiterite"), ("tin ore (cassiterite)",)),
    **dict.fromkeys(("coltan", "tantalum"), ("tantalum ore (coltan)",)),
    **dict.fromkeys(("tungsten", "wolframite"), ("tungsten ore (wolframite)",)),
    **dict.fromkeys(("natural rubber", "rubber latex"), ("rubber",)),
    **dict.fromkeys(("cashew nuts", "cashew"), ("cashews",)),
    **dict.fromkeys(("firework",), ("fireworks",)),
    **dict.fromkeys(("artificial flower", "silk flowers", "fake flowers"),
                    ("artificial flowers",)),
}

# HS code prefixes (chapter, heading or subheading) -> DOL good names; the longest prefix wins.
HS_PREFIXES: dict[str, tuple[str, ...]] = {
    "03": ("fish",), "0306": ("shrimp",), "0102": ("cattle",), "0201": ("cattle",),
    "0202": ("cattle",), "0702": ("tomatoes",), "0801": ("cashews",), "0803": ("bananas",),
    "0901": ("coffee",), "0902": ("tea",), "0905": ("vanilla",), "1006": ("rice",),
    "1511": ("palm fruit",), "1513": ("palm fruit",), "17": ("sugarcane",), "18": ("cocoa",),
    "2002": ("tomato products",), "24": ("tobacco",), "2525": ("mica",),
    "2603": ("copper",), "2605": ("cobalt ore (heterogenite)",),
    "2609": ("tin ore (cassiterite)",), "2611": ("tungsten ore (wolframite)",),
    "2615": ("tantalum ore (coltan)",), "2701": ("coal",), "280461": ("polysilicon",),
    "3604": ("fireworks",), "4001": ("rubber",), "4015": ("gloves",), "44": ("timber",),
    "4402": ("charcoal",), "50": ("textiles",), "52": ("cotton",), "5204": ("thread/yarn",),
    "5205": ("thread/yarn",), "5206": ("thread/yarn",), "5207": ("thread/yarn",),
    "5208": ("textiles",), "5209": ("textiles",), "5210": ("textiles",), "5211": ("textiles",),
    "5212": ("textiles",), "54": ("textiles",), "55": ("textiles",), "57": ("carpets",),
    "60": ("textiles",), "61": ("garments",), "62": ("garments",), "63": ("textiles",),
    "64": ("footwear",), "6702": ("artificial flowers",), "6703": ("hair products",),
    "6704": ("hair products",), "6901": ("bricks",), "6904": ("bricks",),
    "7102": ("diamonds",), "7108": ("gold",), "7317": ("nails",), "85": ("electronics",),
    "854142": ("polysilicon",), "854143": ("polysilicon",), "95": ("toys",),
    "9505": ("christmas decorations",),
}

_SPLIT = re.compile(r"\s*[;,|/]\s*|\s+\+\s+|\n")
_HS = re.compile(r"^(?:hs\s*)?(\d[\d .]{1,12})$")


@dataclass(frozen=True)
class GoodsMapping:
    """What one goods cell became: the reference goods it maps to, and the parts that did not."""

    input: str
    goods: tuple[str, ...]
    unmapped: tuple[str, ...]
    via: tuple[tuple[str, str, str], ...] = ()  # (part, good, how: name|synonym|hs_code|contains)


def _forms(word_key: str) -> list[str]:
    """The key, and its singular and plural, changing only the last word."""
    head, _, last = word_key.rpartition(" ")
    prefix = f"{head} " if head else ""
    forms = [word_key]
    if last.endswith("ies") and len(last) > 4:
        forms.append(prefix + last[:-3] + "y")
    if last.endswith(("oes", "ches", "shes", "sses", "xes")):
        forms.append(prefix + last[:-2])
    if last.endswith("s") and not last.endswith("ss"):
        forms.append(prefix + last[:-1])
    else:
        forms.append(prefix + last + "s")
    return forms


class GoodsNormaliser:
    """Maps goods cells onto a vocabulary of reference good names. Cached per distinct input."""

    def __init__(self, vocabulary: Iterable[str]) -> None:
        self.vocabulary = sorted({v.strip().lower() for v in vocabulary if v.strip()})
        self._by_key: dict[str, str] = {}
        for good in self.vocabulary:
            for form in _forms(key(good)):
                self._by_key.setdefault(form, good)
        self._synonyms: dict[str, tuple[str, ...]] = {}
        for synonym, targets in SYNONYMS.items():
            known = tuple(self._by_key[key(t)] for t in targets if key(t) in self._by_key)
            if known:
                for form in _forms(key(synonym)):
                    self._synonyms.setdefault(form, known)
        self._hs = {p: tuple(self._by_key[key(t)] for t in ts if key(t) in self._by_key)
                    for p, ts in HS_PREFIXES.items()}
        self._longest = max((len(k.split()) for k in [*self._by_key, *self._synonyms]), default=1)
        self.normalise = lru_cache(maxsize=65536)(self._normalise)

    def _part(self, part: str) -> list[tuple[str, str]]:
        """(good, how) pairs for one part of a cell; empty when it does not map."""
        part_key = key(part)
        if not part_key:
            return []
        for form in _forms(part_key):
            if form in self._by_key:
                return [(self._by_key[form], "name")]
            if form in self._synonyms:
                return [(good, "synonym") for good in self._synonyms[form]]
        hs = _HS.match(part.strip().lower())
        if hs:
            return [(good, "hs_code") for good in self._hs_lookup(hs.group(1))]
        return self._contained(part_key)

    def _hs_lookup(self, raw: str) -> tuple[str, ...]:
        digits = re.sub(r"\D", "", raw)
        if len(digits) % 2 == 1:  # a leading zero lost in a spreadsheet: 306 -> 0306
            digits = "0" + digits
        for length in range(len(digits), 1, -1):
            found = self._hs.get(digits[:length])
            if found:
                return found
        return ()

    def _contained(self, part_key: str) -> list[tuple[str, str]]:
        """Vocabulary names or synonyms found inside a longer phrase, longest first."""
        words = part_key.split()
        found: list[tuple[str, str]] = []
        used = [False] * len(words)
        for size in range(min(self._longest, len(words)), 0, -1):
            for start in range(len(words) - size + 1):
                if any(used[start:start + size]):
                    continue
                phrase = " ".join(words[start:start + size])
                goods: tuple[str, ...] = ()
                for form in _forms(phrase):
                    if form in self._by_key:
                        goods = (self._by_key[form],)
                    elif form in self._synonyms:
                        goods = self._synonyms[form]
                    if goods:
                        break
                if goods:
                    found.extend((good, "contains") for good in goods)
                    used[start:start + size] = [True] * size
        return found

    def _normalise(self, raw: str) -> GoodsMapping:
        goods: list[str] = []
        unmapped: list[str] = []
        via: list[tuple[str, str, str]] = []
        for part in _SPLIT.split(raw or ""):
            if not part.strip():
                continue
            mapped = self._part(part)
            if not mapped:
                unmapped.append(part.strip())
            for good, how in mapped:
                via.append((part.strip(), good, how))
                if good not in goods:
                    goods.append(good)
        return GoodsMapping(raw, tuple(goods), tuple(unmapped), tuple(via))
