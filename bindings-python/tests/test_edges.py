"""The edges of Python's own types: ints beyond 64 bits, Decimals with huge exponents, deep
nesting and the last dates Python has. Each is a `ValidationError` naming the rule and the
parameter (or, for an index, an `IndexError`, as a list gives), quickly, never a bare
`OverflowError`, `ValueError` or `RecursionError`."""

import datetime
import decimal

import pytest

import klynge
from conftest import ANNE, W2_SCENARIO, day, registration

HUGE = 10**40
D = decimal.Decimal


@pytest.fixture(scope="module")
def scenario() -> klynge.Scenario:
    return klynge.Scenario.from_dict(W2_SCENARIO)


def refused(call, rule: str, path: str) -> klynge.ValidationError:
    with pytest.raises(klynge.ValidationError) as caught:
        call()
    assert (caught.value.rule, caught.value.path) == (rule, path), str(caught.value)
    assert len(str(caught.value)) < 1000
    return caught.value


@pytest.mark.parametrize("first, last, path", [(HUGE, 2025, "first"), (2022, -HUGE, "last"), (2022, 5000, "last")])
def test_years_beyond_the_supported_ones(scenario, first, last, path):
    refused(lambda: scenario.grants(first, last), "FORMAT", path)
    refused(lambda: scenario.sweep(first, last, [{}]), "FORMAT", path)


def test_a_rate_for_a_year_beyond_64_bits(scenario):
    error = refused(lambda: scenario.grants(2022, 2022, rates={HUGE: 1}), "GR-RATE", "rates")
    assert "64 bit" in error.message_en and "64 bit" in error.message_da


@pytest.mark.parametrize("value", [D("1e100000000"), D("-1e100000000"), D("1e-100000000"), D("1E+28")])
def test_decimals_with_huge_exponents_are_refused_before_they_are_written_out(scenario, value):
    refused(lambda: scenario.grants(2022, 2022, startup_fee_per_capacity=value), "GR-STARTUP", "startup_fee_per_capacity")
    refused(lambda: scenario.grants(2022, 2022, rates={2022: value}), "GR-RATE", "rates[2022]")
    refused(lambda: klynge.consultant_fee(value, day("2025-01-01")), "GR-CONSULTANT", "hours")


@pytest.mark.parametrize("value", [D("0E-100000000"), D("0E+100000000"), D("3528.000"), D("35.28E2")])
def test_decimals_that_are_plain_amounts_in_another_notation(scenario, value):
    report = scenario.grants(2022, 2022, startup_fee_per_capacity=value)
    assert len(report) >= 1


def test_a_long_text_is_quoted_by_its_start_only(scenario):
    error = refused(lambda: scenario.grants(2022, 2022, rates={2022: "9" * 1_000_000}), "GR-RATE", "rates[2022]")
    assert "(1000000 characters)" in error.message_en
    assert "(1000000 characters)" in error.message_da


@pytest.mark.parametrize("call, rule, path", [
    (lambda r: r.add_member(ANNE, day("2019-01-01"), "12345674", "070000", capacities=HUGE), "MEM-CAPACITY", "capacities"),
    (lambda r: r.set_capacities(ANNE, day("2019-01-01"), "061654", HUGE), "MEM-CAPACITY", "capacities"),
    (lambda r: r.set_patients(ANNE, day("2019-01-01"), "061654", 2022, HUGE), "MEM-PATIENTS", "count"),
    (lambda r: r.set_patients(ANNE, day("2019-01-01"), "061654", HUGE, 10), "MEM-PATIENTS", "year"),
    (lambda r: r.set_patients(ANNE, day("2019-01-01"), "061654", 10**5, 10), "MEM-PATIENTS", "year"),
])
def test_registry_commands_refuse_ints_beyond_64_bits_and_change_nothing(registry, call, rule, path):
    before = registry.to_json()
    refused(lambda: call(registry), rule, path)
    assert registry.to_json() == before


def test_registration_refuses_capacities_beyond_64_bits():
    with pytest.raises(klynge.ValidationError) as caught:
        klynge.validate_registration(cvr="12345674", coordinator_capacities=HUGE)
    assert ("MEM-CAPACITY", "coordinator_capacities") in {(p.rule, p.path) for p in caught.value.problems}


def test_an_index_beyond_64_bits_is_an_index_error_as_in_a_list(scenario):
    report = scenario.grants(2022, 2022)
    for index in (HUGE, -HUGE, len(report), -len(report) - 1):
        with pytest.raises(IndexError):
            report[index]
        with pytest.raises(IndexError):
            report.explain(index)
    assert report[-1] == report[len(report) - 1]
    sweep = scenario.sweep(2022, 2022, [{}])
    for index in (HUGE, -HUGE, 1, -2):
        with pytest.raises(IndexError):
            sweep.net(index)
    assert sweep.net(-1) == sweep.net(0)


@pytest.mark.parametrize("factor", [0, 101, HUGE, -1])
def test_the_sample_takes_factors_1_to_100_only(factor):
    refused(lambda: klynge.sample.scaled(factor), "FORMAT", "factor")


def test_the_last_and_first_dates_python_has():
    refused(lambda: klynge.payout_window(datetime.date.max, "region"), "CMP-PAYOUT", "payout")
    refused(lambda: klynge.payout_window(datetime.date.min, "plo"), "CMP-PAYOUT", "payout")
    assert klynge.payout_window(day("2999-12-01"), "region") == (day("2999-12-15"), day("2999-12-29"))
    refused(lambda: klynge.consultant_hourly_rate(datetime.date.min), "GR-CONSULTANT", "date")


def test_a_calendar_from_a_day_outside_the_years_reports_that_day_only(scenario):
    error = refused(lambda: scenario.calendar(datetime.date.max), "CAL-EVENTS", "today")
    assert len(error.problems) == 1
    calendar = scenario.calendar(day("2999-06-01"))
    assert calendar is not None


def test_no_consultant_rate_message_names_the_first_date_plainly():
    with pytest.raises(klynge.ValidationError) as caught:
        klynge.consultant_hourly_rate(day("2020-01-01"))
    assert "Some(" not in caught.value.message_en
    assert "2024-10-01" in caught.value.message_en and "2024-10-01" in caught.value.message_da


@pytest.mark.parametrize("validate", [
    lambda deep: klynge.Scenario.from_dict({"clusters": deep}),
    lambda deep: klynge.validate_health_cluster({"members": deep}),
])
def test_deep_nesting_is_a_validation_error_not_a_recursion_error(validate):
    deep: list = []
    for _ in range(100_000):
        deep = [deep]
    with pytest.raises(klynge.ValidationError, match="nested more than 32 levels deep"):
        validate(deep)


@pytest.mark.parametrize("value", [10**5000, -(10**5000), 10**40], ids=["5001 digits", "minus 5001 digits", "41 digits"])
def test_ints_as_money_beyond_what_python_writes_as_text(scenario, value):
    for call, rule, path in [
        (lambda: scenario.grants(2022, 2022, startup_fee_per_capacity=value), "GR-STARTUP", "startup_fee_per_capacity"),
        (lambda: scenario.grants(2022, 2022, rates={2022: value}), "GR-RATE", "rates[2022]"),
        (lambda: klynge.consultant_fee(value, day("2025-01-01")), "GR-CONSULTANT", "hours"),
    ]:
        with pytest.raises(klynge.ValidationError) as caught:
            call()
        assert caught.value.path == path
        assert caught.value.rule in (rule, "ID-MONEY")
