"""Exceptions: one hierarchy, every error carries its rule, and everything pickles."""

import pickle

import pytest

import klynge
from conftest import BENT, W2_SCENARIO, day


def test_hierarchy():
    assert issubclass(klynge.ValidationError, klynge.KlyngeError)
    assert issubclass(klynge.RegistryError, klynge.KlyngeError)
    assert issubclass(klynge.KlyngeError, Exception)
    assert klynge.KlyngeError.__module__ == "klynge"


def test_validation_errors_pickle_with_their_problems():
    with pytest.raises(klynge.ValidationError) as error:
        klynge.validate_registration(cvr="1")
    back = pickle.loads(pickle.dumps(error.value))
    assert type(back) is klynge.ValidationError
    assert (back.rule, back.path, back.message_en, back.message_da) == (error.value.rule, error.value.path, error.value.message_en, error.value.message_da)
    assert back.problems == error.value.problems
    assert isinstance(back.problems[0], klynge.Problem)


def test_registry_errors_pickle(registry):
    with pytest.raises(klynge.RegistryError) as error:
        registry.add_member(BENT, day("2019-03-01"), "12345674", "12345", capacities=1)
    back = pickle.loads(pickle.dumps(error.value))
    assert (type(back), back.rule, back.path) == (klynge.RegistryError, "GOV-RIGHTS", "actor")


def test_problems_and_actors_pickle():
    problem = klynge.Problem("cvr", "ID-CVR", "bad", "dårlig")
    assert pickle.loads(pickle.dumps(problem)) == problem
    actor = klynge.Actor("Anne", ydernummer="1")
    assert pickle.loads(pickle.dumps(actor)) == actor


def test_every_error_path_names_a_rule():
    failures = [
        lambda: klynge.Cvr("x"),
        lambda: klynge.Actor("A", credential="passport"),
        lambda: klynge.Scenario.from_json("[]"),
        lambda: klynge.Scenario.from_dict(W2_SCENARIO).grants(2030, 2020),
        lambda: klynge.consultant_fee(0.5, day("2025-01-01")),
        lambda: klynge.Registry.from_json("{}"),
    ]
    for fail in failures:
        with pytest.raises(klynge.KlyngeError) as error:
            fail()
        assert error.value.rule and error.value.message_en and error.value.message_da
