"""Name matching: normalisation, strength, thresholds, blocking and analyst decisions."""

import pytest

from riskscreen.suppliers.matching import EntityIndex, block_keys, normalise_name
from riskscreen.suppliers.reference import EntityRecord


@pytest.mark.parametrize("a,b", [
    ("Golden Star Garments Co., Ltd.", "GOLDEN STAR GARMENTS LIMITED"),
    ("Golden Star Garments Co., Ltd.", "Garments Golden Star"),  # reordered words
    ("Société Générale S.A.", "Societe Generale SA"),  # accents and legal forms
    ("Müller & Söhne GmbH", "Muller Sohne"),
    ("PT Sinar Mas Tbk", "Sinar Mas"),
    ("Ace Sdn. Bhd.", "ACE SDN BHD"),
    ("Northwind LLC", "Northwind, Inc."),
    ("Acme Pvt. Ltd.", "ACME Private Limited"),
    ("Blue Ocean JSC", "Blue Ocean Joint Stock Company"),
    ("Redstone Corp.", "Redstone Corporation PLC"),
])
def test_legal_forms_case_accents_and_order_do_not_matter(a, b):
    assert normalise_name(a) == normalise_name(b)


def test_a_name_made_only_of_legal_forms_keeps_them():
    assert normalise_name("Limited") == "limited"


def test_blocking_keys_ignore_generic_words():
    assert block_keys(normalise_name("Golden Trading Co")) == {"w:golden", "p:gol", "s:den"}
    assert block_keys(normalise_name("Golden Star Trading")) == {"w:golden", "w:star"}
    assert block_keys(normalise_name("Trading Co")) == {"w:trading", "p:tra", "s:ing"}


ENTITIES = [
    EntityRecord("e1", "Xinjiang Huafu Textile Co., Ltd.", ("Huafu Xinjiang",), ("CN",),
                 "uflpa", "ref-1"),
    EntityRecord("e2", "Silverleaf Glove Manufacturing Sdn. Bhd.", (), ("MY",), "uflpa", "r2"),
    EntityRecord("e3", "Northwind Cotton Spinning Co.", ("NW Cotton Mill",), ("CN",), "demo",
                 "r3"),
]


@pytest.fixture(scope="module")
def index():
    return EntityIndex(ENTITIES, match_threshold=88, review_threshold=75)


def match_one(index, name, decisions=None):
    normalised = normalise_name(name)
    return index.match([normalised], decisions)[normalised]


@pytest.mark.parametrize("name,entity", [
    ("Xinjiang Huafu Textile Limited", "uflpa:e1"),
    ("HUAFU TEXTILE XINJIANG CO LTD", "uflpa:e1"),  # reordered
    ("Xinjang Huafu Textile", "uflpa:e1"),  # typo
    ("Silverleaf Gloves Manufacturing", "uflpa:e2"),
    ("Silverlaef Glove Manufacturing", "uflpa:e2"),  # transposition
    ("NW Cotton Mill Ltd", "demo:e3"),  # alias
])
def test_matches(index, name, entity):
    found = match_one(index, name)
    assert found and found[0].entity_key == entity
    assert found[0].status == "match"
    assert found[0].strength >= 88


def test_an_unrelated_name_matches_nothing(index):
    assert match_one(index, "Blue Ocean Fishing Company") == []


def test_a_near_name_below_the_threshold_is_for_review(index):
    found = match_one(index, "Silverleap Glove Mfg")
    assert [(m.entity_key, m.status) for m in found] == [("uflpa:e2", "review")]
    assert 75 <= found[0].strength < 88


def test_a_confirmed_pair_is_a_match_whatever_its_strength(index):
    name = normalise_name("Huafu Group Holdings")
    found = index.match([name], {(name, "uflpa:e1"): "confirm"})[name]
    assert [(m.entity_key, m.status) for m in found] == [("uflpa:e1", "confirmed")]
    assert found[0].counts


def test_a_rejected_pair_is_never_a_match(index):
    name = normalise_name("Xinjiang Huafu Textile Limited")
    found = index.match([name], {(name, "uflpa:e1"): "reject"})[name]
    assert [(m.entity_key, m.status, m.counts) for m in found] == [
        ("uflpa:e1", "rejected", False)]


def test_many_names_at_once_keep_each_their_own_matches(index):
    names = [normalise_name(n) for n in ("Xinjiang Huafu Textile", "Nothing Alike Ltd",
                                         "Silverleaf Glove Manufacturing")]
    found = index.match(names)
    assert [m.entity_key for m in found[names[0]]] == ["uflpa:e1"]
    assert found[names[1]] == []
    assert [m.entity_key for m in found[names[2]]] == ["uflpa:e2"]
