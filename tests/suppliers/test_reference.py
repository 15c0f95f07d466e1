"""Reference files: both DOL layouts, country indices, our entity CSV and OpenSanctions."""

from __future__ import annotations

import pytest

from riskscreen.store.reference import STARTER_GOODS
from riskscreen.suppliers.reference import (
    ReferenceData,
    ReferenceFileError,
    parse_country_index,
    parse_entities,
    parse_goods,
)
from tests.suppliers.helpers import xlsx

DOL_2022 = [
    ["Good", "Sector", "Country", "Region", "Child Labor", "Forced Labor",
     "Forced Child Labor", "Derived Labor Exploitation", "Derived Country"],
    ["Cotton", "Agriculture", "Uzbekistan", "Central Asia", "Yes", "Yes", "No", "No", ""],
    ["Gloves", "Manufacturing", "Malaysia", "", "No", "Yes", "No", "No", ""],
    ["Bricks", "Manufacturing", "Nepal", "", "Yes", "Yes", "Yes", "No", ""],
    ["Gold", "Mining", "Atlantis", "", "Yes", "No", "No", "No", ""],
]


def test_dol_2022_layout_as_xlsx():
    parsed = parse_goods(xlsx(DOL_2022))
    assert parsed.layout == "dol-2022"
    assert [(r.good, r.country, r.types) for r in parsed.records] == [
        ("cotton", "UZ", ("child", "forced")), ("gloves", "MY", ("forced",)),
        ("bricks", "NP", ("child", "forced"))]
    assert parsed.records[2].forced_child_labor
    assert [(i.row, i.column) for i in parsed.issues] == [(5, "country")]


def test_dol_legacy_layout_as_csv():
    data = ("Country,Good,Child_Labor,Forced_Labor\n"
            "Thailand,Shrimp,X,X\nCôte d'Ivoire,Cocoa,X,\nGhana,Cocoa,Y,N\n").encode("cp1252")
    parsed = parse_goods(data)
    assert parsed.layout == "dol-legacy"
    assert [(r.good, r.country, r.types) for r in parsed.records] == [
        ("shrimp", "TH", ("child", "forced")), ("cocoa", "CI", ("child",)),
        ("cocoa", "GH", ("child",))]


def test_goods_file_without_its_columns_is_refused():
    with pytest.raises(ReferenceFileError, match="child_labor"):
        parse_goods(b"country,good\nThailand,Shrimp\n")


def test_the_starter_table_reads_cleanly():
    parsed = parse_goods(STARTER_GOODS.read_bytes())
    assert parsed.issues == []
    assert 60 <= len(parsed.records) <= 130
    pairs = {(r.good, r.country) for r in parsed.records}
    for pair in [("cotton", "UZ"), ("cotton", "TM"), ("cotton", "CN"), ("gloves", "MY"),
                 ("shrimp", "TH"), ("fish", "TH"), ("cocoa", "CI"), ("cocoa", "GH"),
                 ("bricks", "IN"), ("bricks", "PK"), ("bricks", "NP"), ("garments", "BD")]:
        assert pair in pairs


def test_country_index_with_direction_is_scaled_riskier_up():
    data = (b"country,indicator,value,source,direction\n"
            b"China,idx,80,demo,\nGermany,idx,20,demo,\nNarnia,idx,1,demo,\n"
            b"Chile,safety,90,demo,higher_is_safer\nPeru,safety,30,demo,higher_is_safer\n"
            b"Peru,idx,n/a,demo,\n")
    parsed = parse_country_index(data)
    assert [(i.row, i.column) for i in parsed.issues] == [(4, "country"), (7, "value")]
    reference = ReferenceData()
    reference.add_index(parsed.records, "demo", "1")
    assert reference.country_index["CN"][0].normalised == 1.0
    assert reference.country_index["DE"][0].normalised == 0.0
    assert reference.country_index["PE"][0].normalised == 1.0  # less safe is riskier
    assert reference.country_index["CL"][0].normalised == 0.0


def test_our_entity_layout():
    data = (b"name,aliases,country,list,reference\n"
            b"Northwind Cotton Co.,NW Cotton; Northwind Mill,China;Viet Nam,uflpa,FR 2024-1\n"
            b",nothing,China,uflpa,\n")
    parsed = parse_entities(data, "default")
    assert parsed.layout == "riskscreen"
    (record,) = parsed.records
    assert record.aliases == ("NW Cotton", "Northwind Mill")
    assert record.countries == ("CN", "VN")
    assert record.list_name == "uflpa"
    assert record.entity_id == "northwind-cotton-co"
    assert [(i.row, i.column) for i in parsed.issues] == [(3, "name")]


def test_opensanctions_targets_simple_csv():
    header = ("id,schema,name,aliases,birth_date,countries,addresses,identifiers,sanctions,"
              "phones,emails,program_ids,dataset,first_seen,last_seen,last_change\n")
    rows = (
        'NK-abc,Company,"Example Textile Co., Ltd.",Example Tex;EXAMPLE TEXTILE,,cn;hk,,'
        ',"US UFLPA Entity List",,,US-UFLPA,US UFLPA,2023-01-01,2026-11-01,2026-11-01\n'
        "NK-def,Person,Jane Example,,1970-01-01,us,,,,,,,US OFAC,2023-01-01,2026-11-01,"
        "2026-11-01\n"
        "NK-ghi,Organization,Example Fishing Association,,,th,,,,,,,Demo,2023,2026,2026\n"
    )
    parsed = parse_entities((header + rows).encode(), "opensanctions")
    assert parsed.layout == "opensanctions-simple"
    assert [(r.entity_id, r.name, r.countries) for r in parsed.records] == [
        ("NK-abc", "Example Textile Co., Ltd.", ("CN", "HK")),
        ("NK-ghi", "Example Fishing Association", ("TH",))]
    assert parsed.records[0].aliases == ("Example Tex", "EXAMPLE TEXTILE")
    assert parsed.records[0].reference == "US UFLPA Entity List"
    assert parsed.records[0].list_name == "opensanctions"
    assert any("Person" in i.reason for i in parsed.issues)  # left out, and said so


def test_goods_snapshot_merges_types_per_country_and_good():
    reference = ReferenceData()
    reference.add_goods(parse_goods(xlsx(DOL_2022)).records, "DOL", "2022")
    assert reference.goods["UZ"]["cotton"].types == ("child", "forced")
    assert reference.vocabulary == {"cotton", "gloves", "bricks"}
