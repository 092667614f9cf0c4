"""Did the money arrive? (REC-*) A statement against a report, from Python: CSV text, a file,
the Danish bank dialect, a dataframe; the result as lists, JSON and tables."""

import json
from decimal import Decimal

import pytest

import klynge
from conftest import day

SCENARIO = {
    "clusters": [{"id": "k", "founded": "2020-09-01", "completed": "2020-10-01"}],
    "practices": [{"ydernummer": "000001", "capacities": 2}, {"ydernummer": "000002", "capacities": 1}],
    "memberships": [
        {"ydernummer": "000001", "cluster": "k", "joined": "2020-09-01", "left": None, "by_transfer": False},
        {"ydernummer": "000002", "cluster": "k", "joined": "2021-03-01", "left": "2022-02-01", "by_transfer": False},
    ],
    "patients": [{"ydernummer": y, "year": year, "count": 2000} for y in ["000001", "000002"] for year in (2020, 2021, 2022)],
    "rates": [{"year": 2020, "rate": "1.00"}, {"year": 2021, "rate": "1.00"}],
}

STATEMENT = """date,amount,payer,text
2020-10-20,20666.67,region,startup fee and 2020
2020-10-21,20666.67,region,the same again
2021-03-15,2000.00,region,2021 grant (late)
2022-01-20,15900.00,region,2022 grant (short)
"""

DANISH = """Dato;Tekst;Beløb;Saldo
20-10-2020;startup fee and 2020;20.666,67;20.666,67
21.10.2020;the same again;20.666,67;41.333,34
15-03-2021;2021 grant (late);2.000,00;43.333,34
20-01-2022;2022 grant (short);15.900,00;59.233,34
"""


@pytest.fixture
def report() -> klynge.GrantReport:
    return klynge.Scenario.from_dict(SCENARIO).grants(2020, 2022)


def test_rec_match_on_time_late_short_missing_and_duplicate(report):
    statement = klynge.Statement.from_csv(STATEMENT, cluster="k")
    r = report.reconcile(statement, day("2023-01-01"))
    assert [m["booked"]["row"] for m in r.matched] == [1]
    assert [d["difference"] for d in r.differences] == [Decimal("-256.71")]
    assert [(m["due"], m["direction"]) for m in r.missing] == [(day("2021-01-01"), "in"), (day("2022-02-01"), "out")]
    assert [b["row"] for b in r.unexpected] == [2, 3]
    for b in r.balance:
        assert b["expected"] == b["matched"] + b["differences_expected"] + b["missing"] + b["not_yet_due"]
        assert b["booked"] == b["matched"] + b["differences_booked"] + b["unexpected"]
    assert json.loads(r.to_json())["differences"][0]["difference"] == "-256.71"
    lines = r.differences[0]["expected"]["lines"]
    assert sum(report[i].amount for i in lines) == r.differences[0]["expected"]["amount"]


def test_rec_statement_dialects_files_and_frames_agree(report, tmp_path):
    standard = report.reconcile(klynge.Statement.from_csv(STATEMENT, cluster="k"), day("2023-01-01"))
    danish = report.reconcile(klynge.Statement.from_csv(DANISH, cluster="k", dialect="danish-bank"), day("2023-01-01"))
    path = tmp_path / "statement.csv"
    path.write_text(STATEMENT, encoding="utf-8")
    from_file = report.reconcile(klynge.Statement.from_csv(path, cluster="k"), day("2023-01-01"))
    assert danish.balance == standard.balance == from_file.balance
    pd = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    frame = pd.DataFrame({
        "date": [day("2020-10-20"), day("2020-10-21"), day("2021-03-15"), day("2022-01-20")],
        "amount": [Decimal("20666.67"), Decimal("20666.67"), Decimal("2000.00"), Decimal("15900.00")],
        "payer": ["region"] * 4,
    })
    from_frame = report.reconcile(klynge.Statement.from_frame(frame, cluster="k"), day("2023-01-01"))
    assert from_frame.balance == standard.balance
    with pytest.raises(klynge.ValidationError) as error:
        klynge.Statement.from_frame(frame.assign(amount=[20666.67, 1.0, 2.0, 3.0]), cluster="k")
    assert error.value.problems[0].path == "statement:1:amount"
    assert "never a float" in error.value.problems[0].message_en


def test_rec_statement_bad_rows_are_named(report):
    with pytest.raises(klynge.ValidationError) as error:
        klynge.Statement.from_csv("date,amount\n2022-1-5,10\n2022-01-05,0\n", cluster="k")
    assert [(p.path, p.rule) for p in error.value.problems] == [
        ("statement:1:date", "REC-STATEMENT"),
        ("statement:2:amount", "REC-STATEMENT"),
    ]
    with pytest.raises(klynge.ValidationError) as error:
        klynge.Statement.from_csv("x", dialect="excel")
    assert error.value.rule == "REC-STATEMENT"
    elsewhere = klynge.Statement.from_csv("date,cluster,amount\n2022-01-01,elsewhere,5\n")
    with pytest.raises(klynge.ValidationError, match="cluster elsewhere has no lines in the report"):
        report.reconcile(elsewhere, day("2023-01-01"))


def test_rec_window_can_be_set(report):
    statement = klynge.Statement.from_csv(STATEMENT, cluster="k")
    wide = report.reconcile(statement, day("2023-01-01"), windows={"region": 90})
    assert len(wide.matched) == 2
    with pytest.raises(klynge.ValidationError) as error:
        report.reconcile(statement, day("2023-01-01"), windows={"region": 400})
    assert error.value.rule == "REC-WINDOW"
    with pytest.raises(klynge.ValidationError):
        report.reconcile(statement, day("2023-01-01"), windows={"bank": 3})


def test_rec_match_as_tables(report):
    pa = pytest.importorskip("pyarrow")
    pl = pytest.importorskip("polars")
    r = report.reconcile(klynge.Statement.from_csv(STATEMENT, cluster="k"), day("2023-01-01"))
    table = pa.table(r)
    assert table.column("status").to_pylist() == ["matched", "difference", "missing", "missing", "unexpected", "unexpected"]
    assert table.schema.field("expected").type == pa.decimal128(28, 2)
    frame = pl.DataFrame(r)
    assert frame.filter(pl.col("status") == "unexpected")["booked"].sum() == Decimal("22666.67")
    pandas = r.to_pandas()
    assert len(pandas) == 6 and pandas["difference"].iloc[1] == Decimal("-256.71")
