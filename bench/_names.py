"""Generated company names for the supplier benchmarks: fixed seed, word lists below.

Nothing here is a real company: names are random combinations of common English words,
place-like syllables, industry words and legal forms.
"""

from __future__ import annotations

import random

SYLLABLES = ("an", "bo", "chen", "da", "fu", "guo", "hai", "jin", "kai", "lan", "ming", "nan",
             "ping", "qin", "rong", "shan", "tai", "wei", "xin", "yang", "zhou", "ka", "lo",
             "ma", "ri", "su", "ta", "vi", "ko", "ne", "pa", "sa", "to", "ha", "mi", "ro")
WORDS = ("golden", "silver", "star", "ocean", "river", "mountain", "eagle", "lotus", "pearl",
         "harbour", "north", "south", "east", "west", "royal", "grand", "united", "pacific",
         "atlantic", "summit", "crown", "phoenix", "dragon", "tiger", "lion", "bright", "sun",
         "moon", "sky", "green", "blue", "red", "jade", "diamond", "crystal", "future",
         "victory", "harmony", "fortune", "unity", "prime", "apex", "delta", "orient", "sierra",
         "coral", "maple", "cedar", "oak", "pine", "willow", "falcon", "horizon", "evergreen",
         "sapphire", "emerald", "ruby", "amber", "ivory", "onyx", "zenith", "vista", "nova")
INDUSTRY = ("textile", "garment", "apparel", "knitting", "spinning", "seafood", "fishing",
            "glove", "rubber", "electronics", "solar", "cocoa", "coffee", "bricks", "cotton",
            "trading", "manufacturing", "industries", "plastics", "packaging", "logistics",
            "foods", "metals", "mining", "furniture", "toys", "footwear", "leather", "paper",
            "chemicals")
LEGAL = ("Co., Ltd.", "Ltd", "Limited", "LLC", "Inc.", "Corp.", "GmbH", "S.A.", "PLC",
         "Pvt. Ltd.", "Sdn. Bhd.", "JSC", "Company Limited", "", "Group Co., Ltd.", "Pte Ltd")


def coined(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def company(rng: random.Random) -> str:
    """A random company name: 1-2 distinctive words, an industry word, a legal form."""
    first = coined(rng) if rng.random() < 0.6 else rng.choice(WORDS).capitalize()
    parts = [first]
    if rng.random() < 0.6:
        parts.append(rng.choice(WORDS).capitalize() if rng.random() < 0.5 else coined(rng))
    parts.append(rng.choice(INDUSTRY).capitalize())
    legal = rng.choice(LEGAL)
    return " ".join(parts + ([legal] if legal else []))


def typo(rng: random.Random, text: str) -> str:
    """One edit in a word of 4+ letters: swap, drop, double or replace a letter."""
    words = text.split()
    candidates = [i for i, w in enumerate(words) if len(w) >= 5 and w.isalpha()]
    if not candidates:
        return text
    i = rng.choice(candidates)
    word = words[i]
    j = rng.randrange(1, len(word) - 1)
    kind = rng.choice(("swap", "drop", "double", "replace"))
    if kind == "swap":
        word = word[:j] + word[j + 1] + word[j] + word[j + 2:]
    elif kind == "drop":
        word = word[:j] + word[j + 1:]
    elif kind == "double":
        word = word[:j] + word[j] + word[j:]
    else:
        word = word[:j] + rng.choice("aeiourstnl") + word[j + 1:]
    words[i] = word
    return " ".join(words)


def unique_companies(rng: random.Random, n: int, avoid: set[str] | None = None) -> list[str]:
    from riskscreen.suppliers.matching import normalise_name

    seen = set(avoid or ())
    names = []
    while len(names) < n:
        name = company(rng)
        key = normalise_name(name)
        if key in seen:
            continue
        seen.add(key)
        names.append(name)
    return names
