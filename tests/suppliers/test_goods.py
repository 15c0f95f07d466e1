"""Goods cells -> the reference vocabulary, with every unmapped part reported."""

import pytest

from riskscreen.suppliers.goods import GoodsNormaliser

VOCABULARY = ["Garments", "Cotton", "Shrimp", "Fish", "Electronics", "Palm Fruit",
              "Thread/Yarn", "Tomatoes", "Textiles", "Gloves", "Cocoa", "Bricks", "Polysilicon",
              "Cobalt Ore (Heterogenite)"]


@pytest.fixture(scope="module")
def goods():
    return GoodsNormaliser(VOCABULARY)


@pytest.mark.parametrize("raw,expected", [
    ("Garments", ("garments",)), ("GARMENT", ("garments",)), ("tee shirts", ("garments",)),
    ("T-Shirts", ("garments",)), ("apparel", ("garments",)), ("shrimp", ("shrimp",)),
    ("Shrimps", ("shrimp",)), ("prawns", ("shrimp",)), ("seafood", ("fish", "shrimp")),
    ("mobile phones", ("electronics",)), ("Palm oil", ("palm fruit",)), ("CPO", ("palm fruit",)),
    ("solar panels", ("polysilicon",)), ("nitrile gloves", ("gloves",)), ("cacao", ("cocoa",)),
    ("tomato", ("tomatoes",)), ("brick", ("bricks",)), ("yarn", ("thread/yarn",)),
    ("cobalt", ("cobalt ore (heterogenite)",)),
    ("Garments; Cotton", ("garments", "cotton")), ("cotton, shrimp / fish", ("cotton", "shrimp",
                                                                            "fish")),
    ("organic cotton fabric", ("cotton", "textiles")),
])
def test_goods_map_to_the_vocabulary(goods, raw, expected):
    mapping = goods.normalise(raw)
    assert mapping.goods == expected
    assert mapping.unmapped == ()


@pytest.mark.parametrize("raw,expected", [
    ("6109", ("garments",)), ("6109.10", ("garments",)), ("HS 0306", ("shrimp",)),
    ("306", ("shrimp",)), ("8541.43", ("polysilicon",)), ("4015.19", ("gloves",)),
    ("5205", ("thread/yarn",)), ("5201", ("cotton",)),
])
def test_hs_codes(goods, raw, expected):
    assert goods.normalise(raw).goods == expected


def test_unmapped_parts_are_reported_not_guessed(goods):
    mapping = goods.normalise("Garments; widgets; 9999")
    assert mapping.goods == ("garments",)
    assert mapping.unmapped == ("widgets", "9999")


def test_the_mapping_says_how(goods):
    via = goods.normalise("tee shirts; Cotton; 0306").via
    assert via == (("tee shirts", "garments", "synonym"), ("Cotton", "cotton", "name"),
                   ("0306", "shrimp", "hs_code"))


def test_synonyms_only_map_to_goods_the_reference_has():
    small = GoodsNormaliser(["cotton"])
    assert small.normalise("tee shirts").goods == ()
    assert small.normalise("tee shirts").unmapped == ("tee shirts",)
