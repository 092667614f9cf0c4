"""Health clusters (SK-*): every violation at once, with whom it concerns."""

import copy

import pytest

import klynge

TOWNS = {"Hjørring": "860", "Brønderslev": "810", "Frederikshavn": "813", "Læsø": "825"}


def northern():
    political = [{"holder": "Rita", "kind": "regional_council_chair"}, {"holder": "Rolf", "kind": "regional_council_member"}]
    political += [{"holder": f"Borgmester {t}", "kind": "mayor", "municipality": c} for t, c in TOWNS.items()]
    professional = [
        {"holder": "A", "kind": "region_representative", "psychiatry": False},
        {"holder": "B", "kind": "region_representative", "psychiatry": False},
        {"holder": "C", "kind": "region_representative", "psychiatry": True},
        {"holder": "GP1", "kind": "general_practice"}, {"holder": "GP2", "kind": "general_practice"},
        {"holder": "P1", "kind": "patient_representative"}, {"holder": "P2", "kind": "patient_representative"},
    ]
    professional += [{"holder": f"Direktør {t}", "kind": "municipality_representative", "municipality": c} for t, c in TOWNS.items()]
    return {
        "name": "Sundhedsklynge Nord", "region": "1081", "municipalities": list(TOWNS.values()),
        "political": political, "professional": professional,
        "co_chairs": {"regional": "Rita", "municipal": "Borgmester Hjørring"},
    }


def test_sk_validate_a_correct_composition():
    assert klynge.validate_health_cluster(northern()) is None


def test_sk_validate_every_violation_with_whom_it_concerns():
    faulty = northern()
    faulty["political"] = [s for s in faulty["political"] if s.get("municipality") != "825"]
    faulty["professional"][2]["psychiatry"] = False
    faulty["co_chairs"]["municipal"] = "GP1"
    with pytest.raises(klynge.ValidationError) as error:
        klynge.validate_health_cluster(faulty)
    found = [(p.rule, p.concerns) for p in error.value.problems]
    assert found == [("SK-POLITICAL", "Læsø"), ("SK-PROFESSIONAL", "psychiatry"), ("SK-COCHAIR", "GP1")]


def test_sk_ssu():
    ssu = {"region": "1081", "members": [
        {"holder": "Rita", "kind": "regional_council_chair"},
        {"holder": "Rolf", "kind": "regional_council_member"},
        {"holder": "Randi", "kind": "regional_council_member"},
        {"holder": "Borgmester Hjørring", "kind": "mayor", "municipality": "860"},
    ]}
    assert klynge.validate_ssu(ssu, [northern()]) is None
    short = copy.deepcopy(ssu)
    short["members"].pop()
    with pytest.raises(klynge.ValidationError) as error:
        klynge.validate_ssu(short, [northern()])
    assert [p.rule for p in error.value.problems] == ["SK-SSU"]


def test_sk_validate_malformed_input_is_an_error_not_a_crash():
    for bad in [{}, {"name": 1}, [], {"region": "9999"}]:
        with pytest.raises(klynge.ValidationError):
            klynge.validate_health_cluster(bad)
