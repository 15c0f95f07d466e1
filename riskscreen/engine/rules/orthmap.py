"""A cache from spaCy orth hashes to small integers, read for a whole document at once.

Matching asks the same question of every token of every document (which letter of the
token-stream alphabet is this word?). A dict answers one token at a time, and turning a
doc's ORTH column into Python ints costs more than the look-ups themselves. Here the column
stays a numpy array, and a direct-mapped table answers all its tokens in a few numpy
operations; only the tokens missing from the table are computed in Python.

A slot is chosen by the low SLOT_BITS bits of the hash and holds one uint64: the hash with
its low VALUE_BITS bits replaced by value + 1 (0 marks an empty slot). The slot index gives
those low bits back, so a hit compares the whole hash, and a slot is read and written as
one item: no thread can see a key beside another key's value.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

VALUE_BITS = 16
SLOT_BITS = 19  # 4 MB; pages are only touched by the slots in use
_VALUE_MASK = np.uint64((1 << VALUE_BITS) - 1)
_SHIFT = np.uint64(VALUE_BITS)
MAX_VALUE = (1 << VALUE_BITS) - 2


class OrthMap:
    """orth hash -> compute(orth), cached; `compute` must return 0..MAX_VALUE."""

    def __init__(self, compute: Callable[[int], int], slot_bits: int = SLOT_BITS) -> None:
        if slot_bits < VALUE_BITS:
            raise ValueError("the slot index must give back the bits the value replaces")
        self._compute = compute
        self._slot_mask = np.uint64((1 << slot_bits) - 1)
        self._entries = np.zeros(1 << slot_bits, dtype=np.uint64)

    def __call__(self, orths: np.ndarray) -> np.ndarray:
        """The value of each orth (an array of uint64 hashes), as an array of intp."""
        orths = np.asarray(orths, dtype=np.uint64)
        slots = (orths & self._slot_mask).astype(np.intp)
        entries = self._entries[slots]
        values = (entries & _VALUE_MASK).astype(np.intp) - 1
        stale = np.flatnonzero(((entries ^ orths) >> _SHIFT).astype(bool) | (values < 0))
        if len(stale):
            self._fill(orths, slots, values, stale)
        return values

    def _fill(
        self, orths: np.ndarray, slots: np.ndarray, values: np.ndarray, stale: np.ndarray
    ) -> None:
        computed: dict[int, int] = {}
        entries = self._entries
        for i, orth, slot in zip(
            stale.tolist(), orths[stale].tolist(), slots[stale].tolist(), strict=True
        ):
            value = computed.get(orth)
            if value is None:
                value = computed[orth] = self._compute(orth)
                if not 0 <= value <= MAX_VALUE:
                    raise ValueError(f"value {value} does not fit in {VALUE_BITS} bits")
                entries[slot] = (orth & ~int(_VALUE_MASK)) | (value + 1)
            values[i] = value
