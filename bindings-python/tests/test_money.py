"""ID-MONEY, GR-CONSULTANT, CMP-PAYOUT: Decimals in, Decimals out, never a float."""

import datetime
from decimal import Decimal

import pytest

import klynge
from conftest import W2_SCENARIO, day


def test_w6_gr_consultant_fee():
    assert klynge.consultant_fee(Decimal("1.5"), day("2024-11-10")) == Decimal("1608.03")
    assert klynge.consultant_fee("1.5", day("2024-11-10")) == Decimal("1608.03")
    assert klynge.consultant_fee(2, day("2024-11-10")) == Decimal("2144.04")
    assert klynge.consultant_hourly_rate(day("2024-10-01")) == Decimal("1072.02")


def test_id_money_a_float_is_refused_with_a_clear_error():
    with pytest.raises(klynge.ValidationError) as error:
        klynge.consultant_fee(1.5, day("2024-11-10"))
    assert "float" in error.value.message_en
    scenario = klynge.Scenario.from_dict(W2_SCENARIO)
    with pytest.raises(klynge.ValidationError) as error:
        scenario.grants(2022, 2022, rates={2022: 1.12})
    assert error.value.rule == "GR-RATE"
    assert error.value.path == "rates[2022]"
    with pytest.raises(klynge.ValidationError):
        scenario.grants(2022, 2022, rates={2022: True})


def test_gr_consultant_needs_positive_hours_and_a_rate():
    with pytest.raises(klynge.ValidationError) as error:
        klynge.consultant_fee(Decimal("0"), day("2024-11-10"))
    assert error.value.rule == "GR-CONSULTANT"
    with pytest.raises(klynge.ValidationError):
        klynge.consultant_fee(Decimal("1"), day("2020-01-01"))


def test_cmp_payout_window_is_two_to_four_weeks():
    assert klynge.payout_window(day("2019-01-20"), "region") == (datetime.date(2019, 2, 3), datetime.date(2019, 2, 17))
    # PLO pays into the cluster's account at PLO on the day, as the calendar says.
    assert klynge.payout_window(day("2024-02-01"), "plo") == (day("2024-02-01"), day("2024-02-01"))
    with pytest.raises(klynge.ValidationError):
        klynge.payout_window(day("2024-02-01"), "bank")


def test_id_money_amounts_are_decimals_with_two_places():
    line = klynge.Scenario.from_dict(W2_SCENARIO).grants(2022, 2022)[0]
    assert isinstance(line.amount, Decimal)
    assert str(line.amount) == "3528.00"
    assert line.rate == Decimal("1.12")
