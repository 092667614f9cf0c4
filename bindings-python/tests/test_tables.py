"""Scenarios from an analyst's tables (docs/formats.md "Tables instead of JSON"): a folder of CSV
files, pandas, polars and pyarrow frames read through Arrow, and dicts of records with numpy
scalars, NaN and Timestamps. Each gives the scenario the JSON gives; each problem names its
file or table, row and column."""

import copy
import datetime
import json
from decimal import Decimal
from pathlib import Path

import pytest

import klynge
from conftest import W2_SCENARIO

pd = pytest.importorskip("pandas")
pa = pytest.importorskip("pyarrow")
pl = pytest.importorskip("polars")

TABLES = ["clusters", "practices", "memberships", "patients", "rates"]


def write_folder(folder: Path, scenario: dict) -> Path:
    """The scenario's lists as CSV files, the way pandas writes them."""
    for name in TABLES:
        pd.DataFrame(scenario[name]).to_csv(folder / f"{name}.csv", index=False)
    pd.DataFrame([scenario["policy"]]).to_csv(folder / "policy.csv", index=False)
    return folder


def national_dict() -> dict:
    return json.loads(klynge.sample.national().to_json())


def test_format_a_csv_folder_gives_the_json_scenario(tmp_path):
    folder = write_folder(tmp_path, W2_SCENARIO)
    scenario = klynge.Scenario.from_csv(folder)
    assert scenario == klynge.Scenario.from_dict(W2_SCENARIO)
    assert scenario.grants(2022, 2022)[0].amount == Decimal("3528.00")
    assert klynge.Scenario.from_csv(str(folder)) == scenario


def test_format_the_national_sample_through_csv_pandas_polars_and_pyarrow_is_one_scenario(tmp_path):
    data = national_dict()
    expected = klynge.Scenario.from_dict(data)
    folder = write_folder(tmp_path, data)
    assert klynge.Scenario.from_csv(folder) == expected
    # pandas reads ydernumre, CVR numbers and codes as numbers, which are still those
    # identifiers; a rate is money, read as text so that it stays exact.
    frames = {name: pd.read_csv(folder / f"{name}.csv", dtype={"rate": str}) for name in TABLES}
    assert klynge.Scenario.from_frames(**frames, policy=data["policy"]) == expected
    polars = {name: pl.from_pandas(frame) for name, frame in frames.items()}
    assert klynge.Scenario.from_frames(**polars) == expected
    arrow = {name: pa.Table.from_pandas(frame, preserve_index=False) for name, frame in frames.items()}
    assert klynge.Scenario.from_frames(**arrow) == expected
    report = expected.grants(2018, 2026)
    assert klynge.Scenario.from_frames(**polars).grants(2018, 2026) == report


def test_format_frames_with_native_dates_timestamps_and_gaps():
    clusters = pd.DataFrame({"id": ["nordfyn"], "municipality": ["480"], "founded": [pd.Timestamp("2018-09-15")],
                             "completed": [pd.NaT]})
    practices = pd.DataFrame({"ydernummer": ["061654", "000042"], "capacities": [2, 1]})
    memberships = pd.DataFrame({
        "ydernummer": ["061654", "000042"], "cluster": ["nordfyn", "nordfyn"],
        "joined": [datetime.date(2018, 9, 15), datetime.date(2019, 3, 1)], "left": [None, None],
        "by_transfer": [False, None],
    })
    # One count missing makes pandas' count column float; the other counts are still whole.
    patients = pd.DataFrame({"ydernummer": ["061654", "000042"], "year": [2022, 2022], "count": [3150, None]})
    with pytest.raises(klynge.ValidationError) as error:
        klynge.Scenario.from_frames(clusters=clusters, practices=practices, memberships=memberships, patients=patients)
    assert [(p.path, p.rule, p.message_en) for p in error.value.problems] == [
        ("patients:2:count", "FORMAT", "this field is required"),
    ]
    patients.loc[1, "count"] = 1000
    scenario = klynge.Scenario.from_frames(clusters=clusters, practices=practices, memberships=memberships, patients=patients)
    assert scenario.size == (1, 2, 2)
    assert scenario.clusters[0]["founded"] == "2018-09-15" and scenario.clusters[0]["completed"] is None


def test_format_frames_name_table_row_and_column():
    clusters = pl.DataFrame({"id": ["nordfyn"], "founded": ["2018-09-15"], "municipality": ["Nordfyns"]})
    practices = pl.DataFrame({"ydernummer": ["061654"], "capacities": [2]})
    memberships = pl.DataFrame({"ydernummer": ["061654"], "cluster": ["nordfyn"], "joined": ["2018-9-15"]})
    patients = pl.DataFrame({"ydernummer": ["061654"], "year": [2022], "count": [3150]})
    with pytest.raises(klynge.ValidationError) as error:
        klynge.Scenario.from_frames(clusters=clusters, practices=practices, memberships=memberships, patients=patients)
    assert [(p.path, p.rule, p.message_en) for p in error.value.problems] == [
        ("clusters:1:municipality", "ID-KOMMUNE", '"Nordfyns" is not a 3-digit municipality code'),
        ("memberships:1:joined", "FORMAT", '"2018-9-15" is not a date YYYY-MM-DD'),
    ]


def test_format_something_that_is_not_a_table_is_refused_by_name():
    with pytest.raises(klynge.ValidationError) as error:
        klynge.Scenario.from_frames(clusters=[1, 2], practices=None, memberships=None, patients=None)
    assert error.value.path == "clusters"
    assert error.value.message_en.endswith("list is not a table: give a pandas or polars DataFrame or a pyarrow Table")


def test_format_a_csv_folder_names_file_row_and_column(tmp_path):
    bad = copy.deepcopy(W2_SCENARIO)
    bad["memberships"][0]["joined"] = "15-09-2018"
    folder = write_folder(tmp_path, bad)
    (folder / "rates.csv").unlink()
    with pytest.raises(klynge.ValidationError) as error:
        klynge.Scenario.from_csv(folder)
    assert [(p.path, p.rule) for p in error.value.problems] == [("memberships.csv:1:joined", "FORMAT")]
    (folder / "patients.csv").unlink()
    with pytest.raises(klynge.ValidationError) as error:
        klynge.Scenario.from_csv(folder)
    assert ("patients.csv", "FORMAT", "the table is missing") in [(p.path, p.rule, p.message_en) for p in error.value.problems]
    with pytest.raises(OSError, match="is not a folder of scenario CSV files"):
        klynge.Scenario.from_csv(folder / "nowhere")


def test_format_records_from_pandas_go_through_from_dict():
    """The natural route, read_csv(...).to_dict("records"): numpy ints and bools, NaN for an
    empty cell, and DataFrames in a list's place."""
    data = national_dict()
    frames = {name: pd.DataFrame(data[name]) for name in TABLES}
    records = {name: frame.to_dict("records") for name, frame in frames.items()}
    expected = klynge.Scenario.from_dict(data)
    assert klynge.Scenario.from_dict({**records, "policy": data["policy"]}) == expected
    assert klynge.Scenario.from_dict({**frames, "policy": data["policy"]}) == expected


def test_format_from_dict_takes_timestamps_numpy_scalars_and_int_rates():
    np = pytest.importorskip("numpy")
    data = copy.deepcopy(W2_SCENARIO)
    data["clusters"][0]["founded"] = pd.Timestamp("2018-09-15")
    data["clusters"][0]["completed"] = np.datetime64("2019-01-20").astype(datetime.date)
    data["practices"][0]["capacities"] = np.int64(2)
    data["memberships"][0]["by_transfer"] = None
    data["memberships"][0]["left"] = float("nan")
    data["patients"][0]["count"] = np.int32(3150)
    data["rates"][0]["rate"] = 1
    assert klynge.Scenario.from_dict(data) == klynge.Scenario.from_dict(W2_SCENARIO)


def test_format_from_dict_refuses_with_the_place_and_a_clear_message():
    data = copy.deepcopy(W2_SCENARIO)
    data["clusters"][0]["founded"] = pd.Timestamp("2018-09-15 10:30")
    with pytest.raises(klynge.ValidationError) as error:
        klynge.Scenario.from_dict(data)
    assert (error.value.path, error.value.message_en) == (
        "clusters[0].founded", "1 problem(s)\n  clusters[0].founded: [FORMAT] 2018-09-15 10:30:00 has a time of day; give the date",
    )
    data = copy.deepcopy(W2_SCENARIO)
    data["rates"][0]["rate"] = 1.12
    with pytest.raises(klynge.ValidationError) as error:
        klynge.Scenario.from_dict(data)
    assert error.value.problems[0].path == "rates[0].rate"
    assert "a binary float cannot hold every rate exactly" in error.value.problems[0].message_en
    nested: list = []
    for _ in range(200):
        nested = [nested]
    with pytest.raises(klynge.ValidationError, match="nested more than 32 levels deep"):
        klynge.Scenario.from_dict({"clusters": nested})


def test_format_a_midnight_in_a_timezone_is_its_local_date():
    pytest.importorskip("pyarrow")
    data = copy.deepcopy(W2_SCENARIO)
    frames = {name: pd.DataFrame(data[name]) for name in ("clusters", "practices", "memberships", "patients", "rates")}
    expected = klynge.Scenario.from_dict(W2_SCENARIO)
    for zone in ("Europe/Copenhagen", "UTC", "+01:00"):
        clusters = frames["clusters"].copy()
        clusters["founded"] = pd.to_datetime(clusters["founded"]).dt.tz_localize(zone)
        scenario = klynge.Scenario.from_frames(**{**frames, "clusters": clusters})
        assert scenario == expected, zone
    clusters = frames["clusters"].copy()
    clusters["founded"] = (pd.to_datetime(clusters["founded"]) + pd.Timedelta(hours=10)).dt.tz_localize("Europe/Copenhagen")
    with pytest.raises(klynge.ValidationError, match="time of day"):
        klynge.Scenario.from_frames(**{**frames, "clusters": clusters})


def test_format_a_timestamp_in_an_unknown_timezone_is_refused_naming_the_reason():
    pytest.importorskip("pyarrow")
    frames = {name: pd.DataFrame(W2_SCENARIO[name]) for name in ("clusters", "practices", "memberships", "patients")}
    clusters = frames["clusters"].copy()
    clusters["founded"] = pd.to_datetime(clusters["founded"]).dt.tz_localize("America/New_York")
    with pytest.raises(klynge.ValidationError, match="timezone other than UTC, Danish time"):
        klynge.Scenario.from_frames(**{**frames, "clusters": clusters})
