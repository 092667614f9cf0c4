"""Scenarios (docs/formats.md): read from JSON or dicts, every problem with its path and rule."""

import copy
import datetime
import json
from decimal import Decimal

import pytest

import klynge
from conftest import W2_SCENARIO


def test_format_from_json_and_from_dict_agree():
    from_json = klynge.Scenario.from_json(json.dumps(W2_SCENARIO))
    with_types = copy.deepcopy(W2_SCENARIO)
    with_types["clusters"][0]["founded"] = datetime.date(2018, 9, 15)
    with_types["rates"][0]["rate"] = Decimal("1.00")
    from_dict = klynge.Scenario.from_dict(with_types)
    assert from_json.to_json() == from_dict.to_json()
    assert from_json.size == (1, 1, 1)
    assert from_json.default_years == (2018, 2022)


def test_format_round_trip():
    scenario = klynge.Scenario.from_dict(W2_SCENARIO)
    assert klynge.Scenario.from_json(scenario.to_json()).to_json() == scenario.to_json()


def test_format_every_problem_with_path_and_rule():
    bad = copy.deepcopy(W2_SCENARIO)
    bad["clusters"][0]["cvr"] = "12345678"
    bad["memberships"][0]["left"] = "2018-01-01"
    bad["rates"][0]["rate"] = 1.0
    bad["surprise"] = True
    with pytest.raises(klynge.ValidationError) as error:
        klynge.Scenario.from_dict(bad)
    found = {(p.path, p.rule) for p in error.value.problems}
    assert found == {
        ("surprise", "FORMAT"),
        ("clusters[0].cvr", "ID-CVR"),
        ("memberships[0].left", "MEM-PERIOD"),
        ("rates[0].rate", "FORMAT"),
    }


def test_format_from_json_reads_the_bytes_of_a_utf8_file(tmp_path):
    scenario = klynge.Scenario.from_dict(W2_SCENARIO)
    text = scenario.to_json().replace('"name": "', '"name": "Æbeløs ', 1)
    path = tmp_path / "scenario.json"
    path.write_text(text, encoding="utf-8")
    from_bytes = klynge.Scenario.from_json(path.read_bytes())
    assert from_bytes.to_json() == klynge.Scenario.from_json(text).to_json()
    assert "Æbeløs" in from_bytes.to_json()
    # A file saved as "UTF-8 with BOM" (Windows editors): the mark is not part of the JSON.
    path.write_text(text, encoding="utf-8-sig")
    assert klynge.Scenario.from_json(path.read_bytes()).to_json() == from_bytes.to_json()
    assert klynge.Scenario.from_json(path.read_text(encoding="utf-8")).to_json() == from_bytes.to_json()


def test_format_from_json_refuses_bytes_that_are_not_utf8():
    latin1 = klynge.Scenario.from_dict(W2_SCENARIO).to_json().replace('"name": "', '"name": "Æ', 1).encode("latin-1")
    with pytest.raises(klynge.ValidationError) as error:
        klynge.Scenario.from_json(latin1)
    at = latin1.index("Æ".encode("latin-1"))
    assert (error.value.rule, error.value.path) == ("FORMAT", "text")
    assert f"byte {at} " in error.value.message_en and "UTF-8" in error.value.message_da
    with pytest.raises(TypeError, match="str or bytes"):
        klynge.Scenario.from_json(42)


def test_format_not_json_is_a_validation_error():
    with pytest.raises(klynge.ValidationError) as error:
        klynge.Scenario.from_json("{nope")
    assert error.value.rule == "FORMAT"
