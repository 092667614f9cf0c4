"""The coordinator's calendar (CAL-EVENTS, CAL-ICS) from Python: events, iCalendar, tables."""

import copy
import datetime
import json
from decimal import Decimal

import pytest

import klynge
from conftest import W2_SCENARIO, day


def one_practice(completed="2019-01-20", counts_until=2027):
    scenario = copy.deepcopy(W2_SCENARIO)
    scenario["clusters"][0]["completed"] = completed
    scenario["patients"] = [{"ydernummer": "061654", "year": y, "count": 1000} for y in range(2018, counts_until + 1)]
    scenario["rates"] = [{"year": y, "rate": "1.00"} for y in range(2018, 2022)] + [{"year": 2026, "rate": "4.00"}]
    return klynge.Scenario.from_dict(scenario)


def test_cal_events_deadline_with_and_without_a_rate():
    calendar = one_practice().calendar(day("2026-01-15"), until=day("2027-12-31"))
    deadlines = [e for e in calendar.events if e["kind"] == "registration_deadline"]
    assert [(e["date"], e["amount"]) for e in deadlines] == [(day("2026-01-31"), Decimal("4000.00")), (day("2027-01-31"), None)]
    assert deadlines[1]["reason"] == "no rate for grant year 2027 is known (GR-RATE)"
    with_rate = one_practice().calendar(day("2026-01-15"), until=day("2027-12-31"), rates={2027: "5"})
    assert [e for e in with_rate.events if e["kind"] == "registration_deadline"][1]["amount"] == Decimal("5000.00")


def test_cal_events_payout_window_and_sorting():
    calendar = one_practice().calendar(day("2022-01-01"), until=day("2022-12-31"))
    [payout] = [e for e in calendar.events if e["kind"] == "payout"]
    assert payout["date"] == day("2022-01-01") and payout["payer"] == "region"
    assert payout["window"] == (day("2022-01-15"), day("2022-01-29"))
    assert payout["amount"] == Decimal("1120.00")  # 1,000 patients x 1.12
    assert "15 January 2022 to 29 January 2022" in payout["text_en"]
    keys = [(e["date"], e["cluster"], e["kind"]) for e in calendar.events]
    assert keys == sorted(keys, key=lambda k: (k[0], k[1], ["registration_deadline", "payout", "anniversary", "completion"].index(k[2])))


def test_cal_events_a_cluster_not_complete():
    calendar = one_practice(completed=None).calendar(day("2022-02-01"))
    [completion] = [e for e in calendar.events if e["kind"] == "completion"]
    assert completion["date"] == day("2022-02-01") and completion["amount"] > 0
    assert calendar.days == (day("2022-02-01"), day("2023-12-31"))


def test_cal_ics_in_danish_and_english():
    calendar = klynge.sample.national().calendar(day("2025-11-27"))
    danish, english = calendar.to_ics(), calendar.to_ics("en")
    assert danish.count("BEGIN:VEVENT") == english.count("BEGIN:VEVENT") == len(calendar)
    assert "Tilmeldingsfrist" in danish and "Registration deadline" in english
    assert all(f"UID:{e['uid']}" in danish for e in calendar.events[:20])
    with pytest.raises(klynge.ValidationError) as error:
        calendar.to_ics("de")
    assert error.value.rule == "CAL-ICS"


def test_cal_events_as_json_and_tables():
    pa = pytest.importorskip("pyarrow")
    pl = pytest.importorskip("polars")
    calendar = klynge.sample.national().calendar(day("2026-01-01"), until=day("2026-06-30"))
    events = json.loads(calendar.to_json())
    assert len(events) == len(calendar) and events[0]["kind"] in {"registration_deadline", "payout", "completion"}
    table = pa.table(calendar)
    assert table.num_rows == len(calendar) and table.schema.field("amount").type == pa.decimal128(28, 2)
    frame = pl.DataFrame(calendar)
    assert frame.filter(pl.col("kind") == "payout")["amount"].sum() == sum(
        e["amount"] for e in calendar.events if e["kind"] == "payout"
    )
    pandas = calendar.to_pandas()
    assert list(pandas.columns)[:3] == ["date", "cluster", "kind"]
    assert isinstance(pandas["date"].iloc[0], datetime.date)


def test_cal_events_bad_days_are_a_validation_error():
    with pytest.raises(klynge.ValidationError) as error:
        one_practice().calendar(day("2026-01-01"), until=day("2025-01-01"))
    assert (error.value.rule, error.value.path) == ("CAL-EVENTS", "until")
