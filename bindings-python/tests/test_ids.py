"""Identifiers and reference data (ID-*): constructors validate and raise with the rule id."""

import pickle

import pytest

import klynge


def test_id_cvr_normalises_and_checks():
    assert str(klynge.Cvr("DK 1234 5674")) == "12345674"
    assert klynge.Cvr("12345674").value == 12345674
    with pytest.raises(klynge.ValidationError) as error:
        klynge.Cvr("12345678")
    assert error.value.rule == "ID-CVR"
    assert error.value.path == "cvr"
    assert "modulus" in error.value.message_en
    assert "modulus" in error.value.message_da


def test_id_yder_pads_to_six_digits():
    assert str(klynge.Ydernummer("61654")) == "061654"
    assert repr(klynge.Ydernummer("61654")) == 'Ydernummer("061654")'
    with pytest.raises(klynge.ValidationError, match="zeros"):
        klynge.Ydernummer("000000")


def test_id_phone_and_email():
    assert str(klynge.PhoneNumber("0045 42-14-46-38")) == "+4542144638"
    assert str(klynge.Email("Klynge@Example.DK")) == "Klynge@example.dk"
    for bad, rule in [("12345678", "ID-PHONE"), ("x", "ID-PHONE")]:
        with pytest.raises(klynge.ValidationError) as error:
            klynge.PhoneNumber(bad)
        assert error.value.rule == rule
    with pytest.raises(klynge.ValidationError) as error:
        klynge.Email("a@b@c.dk")
    assert error.value.rule == "ID-EMAIL"


def test_id_kommune_by_code_and_name():
    aarhus = klynge.Municipality("Århus")
    assert (aarhus.code, aarhus.name, aarhus.region.name) == (751, "Aarhus", "Region Midtjylland")
    assert klynge.Municipality("751") == aarhus
    assert klynge.Municipality("høje taastrup") == klynge.Municipality("169")
    assert len(klynge.Municipality.all()) == 98
    assert [r.code for r in klynge.Region.all()] == [1081, 1082, 1083, 1084, 1085]
    assert len(klynge.Region("DK-81").municipalities()) == 11
    with pytest.raises(klynge.ValidationError) as error:
        klynge.Municipality("Atlantis")
    assert error.value.rule == "ID-KOMMUNE"


def test_values_are_hashable_comparable_and_pickle():
    values = [klynge.Cvr("12345674"), klynge.Ydernummer("1"), klynge.PhoneNumber("42144638"),
              klynge.Email("a@b.dk"), klynge.ClusterId("nordfyn"), klynge.Municipality("Læsø"), klynge.Region("1081")]
    for value in values:
        back = pickle.loads(pickle.dumps(value))
        assert back == value and hash(back) == hash(value)
        assert type(back).__module__ == "klynge"
    assert len({klynge.Ydernummer("1"), klynge.Ydernummer("000001")}) == 1
