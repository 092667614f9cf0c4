"""Random garbage into every constructor and reader: errors, never a crash."""

import datetime
import random
import string

import pytest

import klynge

ALPHABET = string.printable + "æøåÆØÅé\u0000\u2028😀"
CONSTRUCTORS = [klynge.Cvr, klynge.Ydernummer, klynge.PhoneNumber, klynge.Email, klynge.ClusterId,
                klynge.Municipality, klynge.Region, klynge.Scenario.from_json, klynge.GrantReport.from_json,
                klynge.Registry.from_json]


def garbage(rng: random.Random) -> str:
    kind = rng.randrange(4)
    if kind == 0:
        return "".join(rng.choice(ALPHABET) for _ in range(rng.randrange(40)))
    if kind == 1:
        return "".join(rng.choice("0123456789 -+DKdk") for _ in range(rng.randrange(14)))
    if kind == 2:
        return rng.choice(['{"clusters": [', '{"clusters": [], "practices": [], "memberships": [], "patients": 5}', "null", "[[[]]]", '{"a": 1e999}'])
    return "".join(chr(rng.randrange(0x20, 0x3000)) for _ in range(rng.randrange(30)))


@pytest.mark.parametrize("make", CONSTRUCTORS, ids=lambda f: getattr(f, "__qualname__", str(f)))
def test_garbage_never_crashes(make):
    rng = random.Random(2026)
    for _ in range(500):
        text = garbage(rng)
        try:
            make(text)
        except klynge.KlyngeError:
            pass


@pytest.mark.parametrize("value", [None, 1.5, b"bytes", [], {}, object()])
def test_wrong_types_raise_type_errors_not_crashes(value):
    for make in CONSTRUCTORS:
        with pytest.raises((TypeError, klynge.KlyngeError)):
            make(value)


def test_garbage_dicts_into_from_dict():
    rng = random.Random(7)
    for _ in range(200):
        obj = {rng.choice(["clusters", "practices", "memberships", "patients", "rates", "policy", "x"]): rng.choice([[], {}, 1, "a", None, [{}], [{"id": "k"}]]) for _ in range(rng.randrange(7))}
        with pytest.raises(klynge.ValidationError):
            klynge.Scenario.from_dict(obj)


def test_format_invalid_utf8_in_an_arrow_column_is_a_validation_error_not_an_abort():
    pa = pytest.importorskip("pyarrow")
    pd = pytest.importorskip("pandas")
    bad = pa.array([b"\xd0d\x9f\xf3"], pa.binary()).cast(pa.string(), safe=False)
    patients = pa.table({"ydernummer": ["061654"], "year": bad, "count": [3150]})
    frames = {
        "clusters": pd.DataFrame({"id": ["k"], "founded": ["2018-09-15"], "completed": ["2019-01-20"]}),
        "practices": pd.DataFrame({"ydernummer": ["061654"], "capacities": [2]}),
        "memberships": pd.DataFrame({"ydernummer": ["061654"], "cluster": ["k"], "joined": ["2018-09-15"]}),
    }
    with pytest.raises(klynge.ValidationError) as error:
        klynge.Scenario.from_frames(**frames, patients=patients)
    assert error.value.problems[0].path == "patients:1:year"
    assert "UTF-8" in error.value.problems[0].message_en
    statement = pa.table({"date": ["2022-01-01"], "amount": ["5.00"], "text": bad})
    with pytest.raises(klynge.ValidationError) as error:
        klynge.Statement.from_frame(statement, cluster="k")
    assert error.value.problems[0].path == "statement:1:text"


def test_format_a_series_is_not_a_table():
    pd = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    with pytest.raises(klynge.ValidationError, match="a Series is one column"):
        klynge.Statement.from_frame(pd.Series([1, 2]), cluster="k")
    frames = {name: pd.Series([1]) for name in ("clusters", "practices", "memberships", "patients")}
    with pytest.raises(klynge.ValidationError, match="a Series is one column"):
        klynge.Scenario.from_frames(**frames)


def test_format_a_file_beyond_the_size_limit_is_refused_with_the_limit_named(tmp_path):
    big = tmp_path / "statement.csv"
    with open(big, "wb") as f:  # sparse: takes no disk, and is never read
        f.truncate(600 * 1024 * 1024)
    with pytest.raises(klynge.ValidationError, match="larger than 536870912 bytes"):
        klynge.Statement.from_csv(big, cluster="k")
    folder = tmp_path / "scenario"
    folder.mkdir()
    (folder / "clusters.csv").symlink_to(big)
    with pytest.raises(klynge.ValidationError, match="larger than 536870912 bytes"):
        klynge.Scenario.from_csv(folder)


def test_format_an_unknown_key_is_quoted_short_and_a_non_string_key_named_by_type():
    scenario = klynge.sample.national()
    huge = "k" * 1_000_000
    with pytest.raises(klynge.ValidationError) as error:
        scenario.sweep(2026, 2026, [{huge: 1}])
    problem = error.value.problems[0]
    assert len(problem.message_en) < 200 and len(problem.message_da) < 200 and len(problem.path) < 50
    assert problem.path == "variants[0]"
    with pytest.raises(klynge.ValidationError, match="a key of type int"):
        scenario.sweep(2026, 2026, [{3: 1}])
    report = scenario.grants(2022, 2022)
    statement = klynge.Statement.from_csv_text("date,amount\n2022-02-01,5.00\n", cluster="k00000-101")
    with pytest.raises(klynge.ValidationError) as error:
        report.reconcile(statement, datetime.date(2023, 1, 1), windows={huge: 3})
    assert len(error.value.problems[0].path) < 50 and len(error.value.problems[0].message_en) < 200
