"""OrthMap: a direct-mapped numpy cache from uint64 orth hashes to small ints.

Every answer is compared with `compute` itself (the reference), and compute is wrapped in a
counter so that the tests also see which hashes were looked up again.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from riskscreen.engine.rules.orthmap import MAX_VALUE, SLOT_BITS, VALUE_BITS, OrthMap

U64 = 2**64 - 1


def reference(orth: int) -> int:
    """A value in 0..MAX_VALUE that depends on every bit of the hash (a cheap mixer)."""
    x = (orth * 0x9E3779B97F4A7C15) & U64
    x ^= x >> 29
    x = (x * 0xBF58476D1CE4E5B9) & U64
    x ^= x >> 32
    return x % (MAX_VALUE + 1)


class Counted:
    """compute with a record of every call."""

    def __init__(self, fn: Callable[[int], int] = reference) -> None:
        self.fn = fn
        self.calls: Counter[int] = Counter()

    def __call__(self, orth: int) -> int:
        assert isinstance(orth, int)
        self.calls[orth] += 1
        return int(self.fn(orth))

    def take(self) -> Counter[int]:
        """The calls since the last take()."""
        calls, self.calls = self.calls, Counter()
        return calls


def arr(values: list[int]) -> np.ndarray:
    return np.array(values, dtype=np.uint64)


def expect(values: list[int], fn: Callable[[int], int] = reference) -> list[int]:
    return [fn(v) for v in values]


def slot(orth: int, slot_bits: int) -> int:
    return orth & ((1 << slot_bits) - 1)


# Hashes drawn so that slot collisions, shared high bits and tiny values are all common.
def hashes(slot_bits: int) -> st.SearchStrategy[int]:
    low = st.integers(0, 7)  # a few slots only
    high = st.integers(0, (1 << (64 - slot_bits)) - 1) | st.integers(0, 3)
    collide = st.builds(lambda h, lo: (h << slot_bits) | lo, high, low)
    return st.one_of(
        st.integers(0, U64),
        collide,
        st.integers(0, (1 << VALUE_BITS) - 1),  # high bits all zero
        st.sampled_from([U64, U64 - 1, 1 << 63, (1 << 63) - 1, 1 << VALUE_BITS]),
    )


@st.composite
def call_sequences(draw: st.DrawFn) -> tuple[int, list[list[int]]]:
    """(slot_bits, calls): each call an array of hashes, often repeating earlier ones."""
    slot_bits = draw(st.sampled_from([VALUE_BITS, VALUE_BITS + 1, VALUE_BITS + 3]))
    pool = draw(st.lists(hashes(slot_bits), min_size=1, max_size=12))
    one = st.sampled_from(pool) | hashes(slot_bits)
    calls = draw(st.lists(st.lists(one, max_size=20), min_size=1, max_size=6))
    return slot_bits, calls


@settings(max_examples=300, deadline=None)
@given(call_sequences())
def test_values_equal_compute_for_any_hashes(case: tuple[int, list[list[int]]]) -> None:
    slot_bits, calls = case
    compute = Counted()
    table = OrthMap(compute, slot_bits)
    for orths in calls + calls[::-1]:  # every call again, in reverse order
        got = table(arr(orths))
        assert got.shape == (len(orths),)
        assert got.dtype == np.intp
        assert got.tolist() == expect(orths)
        made = compute.take()
        # a hash is computed at most once per call, and only if it is in the call
        assert set(made) <= set(orths)
        assert all(n == 1 for n in made.values()), made


@settings(max_examples=300, deadline=None)
@given(call_sequences())
def test_compute_runs_exactly_for_hashes_not_cached(case: tuple[int, list[list[int]]]) -> None:
    """Without collisions inside one call the cache is fully predictable: a slot holds the
    hash last looked up there, so a hash is computed iff its slot holds another hash."""
    slot_bits, calls = case
    compute = Counted()
    table = OrthMap(compute, slot_bits)
    holder: dict[int, int] = {}  # slot -> the hash it holds (the reference cache)
    for raw in calls + calls[::-1]:
        chosen: dict[int, int] = {}
        for orth in raw:  # keep only the first distinct hash of each slot in this call
            chosen.setdefault(slot(orth, slot_bits), orth)
        orths = [o for o in raw if chosen[slot(o, slot_bits)] == o]
        missing = {o for o in orths if holder.get(slot(o, slot_bits)) != o}
        assert table(arr(orths)).tolist() == expect(orths)
        assert compute.take() == Counter(missing)
        holder.update(chosen)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(0, U64), max_size=200))
def test_a_second_call_with_the_same_array_computes_nothing(orths: list[int]) -> None:
    distinct_slots = {slot(o, SLOT_BITS): o for o in orths}
    orths = [o for o in orths if distinct_slots[slot(o, SLOT_BITS)] == o]
    compute = Counted()
    table = OrthMap(compute)
    array = arr(orths)
    first = table(array)
    assert compute.take() == Counter(set(orths))
    second = table(array)
    assert compute.take() == Counter()
    assert first.tolist() == second.tolist() == expect(orths)


def test_repeats_in_one_call_are_computed_once() -> None:
    compute = Counted()
    table = OrthMap(compute, 16)
    orths = [(5 << 40) | 1, 7, (5 << 40) | 1, (5 << 40) | 1, 7, (123456789 << 20) | 2]
    assert table(arr(orths)).tolist() == expect(orths)
    assert compute.take() == Counter(set(orths))  # three distinct slots
    assert table(arr(orths[::-1])).tolist() == expect(orths[::-1])
    assert compute.take() == Counter()


@pytest.mark.parametrize("slot_bits", [16, 17, 20])
@pytest.mark.parametrize("k", [1, 2, 3, 2**40, None])
def test_colliding_hashes_alternate_with_their_own_values(slot_bits: int, k: int | None) -> None:
    if k is None:  # differ in the top bit only
        k = 1 << (63 - slot_bits)
    h = 0xDEADBEEF12345
    other = (h + (1 << slot_bits) * k) & U64
    assert slot(other, slot_bits) == slot(h, slot_bits) and other != h
    values = {h: 11, other: 4242}
    compute = Counted(values.__getitem__)
    table = OrthMap(compute, slot_bits)
    for _ in range(50):  # each evicts the other: recomputed each time, always right
        assert table(arr([h])).tolist() == [11]
        assert compute.take() == Counter({h: 1})
        assert table(arr([other])).tolist() == [4242]
        assert compute.take() == Counter({other: 1})
    # both in one call, interleaved: each position gets its own value
    mixed = [h, other, h, other, other, h]
    for _ in range(5):
        assert table(arr(mixed)).tolist() == [values[o] for o in mixed]
        made = compute.take()
        assert set(made) <= {h, other} and all(n == 1 for n in made.values())


def test_a_cached_hash_is_hit_only_by_itself() -> None:
    """The entry holds the hash's high bits and value + 1 in the low VALUE_BITS bits; the
    slot index must stand in for those low bits, so a hit compares all 64 bits: a hash one
    bit away from a cached hash (in any of its 64 bits) is never answered from its entry."""
    for slot_bits in (VALUE_BITS, VALUE_BITS + 3):
        for base in (0x0123456789ABCDEF, 1 << 63, 0xFFFF_0000_0000_FFFF, 0x10000):
            compute = Counted()
            table = OrthMap(compute, slot_bits)
            assert table(arr([base])).tolist() == [reference(base)]
            value = reference(base)
            neighbours = [base ^ (1 << bit) for bit in range(64)]
            # also hashes that look like the packed entry itself, or its high bits alone
            high = base & ~((1 << VALUE_BITS) - 1) & U64
            neighbours += [high | (value + 1), high | value, high, high | 0xFFFF]
            neighbours = [n for n in neighbours if n != base]
            for n in neighbours:
                compute.take()
                table(arr([base]))  # cache base again (a neighbour may have evicted it)
                compute.take()
                assert table(arr([n])).tolist() == [reference(n)], hex(n)
                assert compute.take() == Counter({n: 1}), hex(n)


@pytest.mark.parametrize("slot_bits", [VALUE_BITS, VALUE_BITS + 1, SLOT_BITS])
def test_small_hashes_do_not_hit_empty_slots(slot_bits: int) -> None:
    """A hash below 2**VALUE_BITS agrees with an empty (all-zero) entry on its high bits:
    the zero in the value bits must still mark the slot empty."""
    orths = [*range(1, 1 << VALUE_BITS, 97), 1, 2, (1 << VALUE_BITS) - 1]
    compute = Counted(lambda o: 1 + o % 1000)  # never 0: an "empty" answer would be -1 or 0
    table = OrthMap(compute, slot_bits)
    got = table(arr(orths))
    assert got.tolist() == [1 + o % 1000 for o in orths]
    assert set(compute.take()) == set(orths)
    assert table(arr(orths)).tolist() == [1 + o % 1000 for o in orths]
    assert compute.take() == Counter()


def test_zero_and_max_values_round_trip() -> None:
    values = {(3 << 50) | 5: 0, (9 << 50) | 6: MAX_VALUE, 0: MAX_VALUE, 1: 0}  # 4 slots
    compute = Counted(values.__getitem__)
    table = OrthMap(compute, VALUE_BITS)
    orths = list(values)
    for _ in range(3):
        assert table(arr(orths)).tolist() == [values[o] for o in orths]
    assert compute.calls == Counter(orths)


@pytest.mark.parametrize("bad", [MAX_VALUE + 1, MAX_VALUE + 2, 1 << (VALUE_BITS + 4), -1, -5])
def test_values_out_of_range_raise(bad: int) -> None:
    good, wrong = 12345 << 30, 777 << 30
    table = OrthMap(lambda o: bad if o == wrong else 3, VALUE_BITS)
    with pytest.raises(ValueError):
        table(arr([good, wrong]))
    with pytest.raises(ValueError):
        table(arr([wrong]))
    assert table(arr([good])).tolist() == [3]  # the map stays usable


@pytest.mark.parametrize("slot_bits", [0, 1, VALUE_BITS - 1])
def test_too_few_slot_bits_raise(slot_bits: int) -> None:
    with pytest.raises(ValueError):
        OrthMap(reference, slot_bits)


def test_slot_bits_equal_to_value_bits_are_allowed() -> None:
    table = OrthMap(reference, VALUE_BITS)
    orths = [2**64 - 1, 2**40 + 5, 5]
    assert table(arr(orths)).tolist() == expect(orths)


def test_empty_array() -> None:
    compute = Counted()
    table = OrthMap(compute, VALUE_BITS)
    got = table(np.array([], dtype=np.uint64))
    assert isinstance(got, np.ndarray)
    assert got.shape == (0,)
    assert compute.calls == Counter()


def test_result_does_not_alias_the_table() -> None:
    table = OrthMap(reference, VALUE_BITS)
    orths = [1 << 40, 2 << 40]
    first = table(arr(orths))
    first[:] = -7
    assert table(arr(orths)).tolist() == expect(orths)
