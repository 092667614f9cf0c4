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


def test_format_not_json_is_a_validation_error():
    with pytest.raises(klynge.ValidationError) as error:
        klynge.Scenario.from_json("{nope")
    assert error.value.rule == "FORMAT"
