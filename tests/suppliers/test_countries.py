"""Countries as people write them -> ISO 3166-1 alpha-2."""

import pytest

from riskscreen.suppliers.countries import country_name, normalise_country


@pytest.mark.parametrize("raw,expected", [
    ("UK", "GB"), ("United Kingdom", "GB"), ("Great Britain", "GB"), ("England", "GB"),
    ("USA", "US"), ("U.S.A.", "US"), ("United States of America", "US"), ("us", "US"),
    ("Viet Nam", "VN"), ("Vietnam", "VN"), ("VNM", "VN"),
    ("Türkiye", "TR"), ("Turkiye", "TR"), ("Turkey", "TR"),
    ("Ivory Coast", "CI"), ("Côte d'Ivoire", "CI"), ("Cote d’Ivoire", "CI"), ("CIV", "CI"),
    ("Korea, Republic of", "KR"), ("South Korea", "KR"), ("Republic of Korea", "KR"),
    ("North Korea", "KP"), ("Mainland China", "CN"), ("China", "CN"), ("CHN", "CN"),
    ("cn", "CN"), ("PRC", "CN"), ("Hong Kong", "HK"), ("Taiwan", "TW"),
    ("Russia", "RU"), ("Burma", "MM"), ("Myanmar", "MM"),
    ("Bolivia, Plurinational State of", "BO"), ("Bolivia", "BO"),
    ("Democratic Republic of the Congo", "CD"), ("DRC", "CD"), ("Congo", "CG"),
    ("  germany ", "DE"), ("DEU", "DE"), ("The Netherlands", "NL"), ("Holland", "NL"),
    ("Lao People's Democratic Republic", "LA"), ("Laos", "LA"), ("Kosovo", "XK"),
    ("Czech Republic", "CZ"), ("UAE", "AE"), ("Eswatini", "SZ"), ("Swaziland", "SZ"),
])
def test_known_countries(raw, expected):
    assert normalise_country(raw) == expected


@pytest.mark.parametrize("raw", ["", "   ", "Narnia", "Europe", "XX", "Asia Pacific", None])
def test_unknown_countries_are_none(raw):
    assert normalise_country(raw) is None


def test_country_names_for_reasons():
    assert country_name("CI") == "Côte d'Ivoire"
    assert country_name("VN") == "Vietnam"
    assert country_name("XK") == "Kosovo"
