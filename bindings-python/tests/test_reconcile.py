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
    statement = klynge.Statement.from_csv_text(STATEMENT, cluster="k")
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
    standard = report.reconcile(klynge.Statement.from_csv_text(STATEMENT, cluster="k"), day("2023-01-01"))
    danish = report.reconcile(klynge.Statement.from_csv_text(DANISH, cluster="k", dialect="danish-bank"), day("2023-01-01"))
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
        klynge.Statement.from_csv_text("date,amount\n2022-1-5,10\n2022-01-05,0\n", cluster="k")
    assert [(p.path, p.rule) for p in error.value.problems] == [
        ("statement:1:date", "REC-STATEMENT"),
        ("statement:2:amount", "REC-STATEMENT"),
    ]
    with pytest.raises(klynge.ValidationError) as error:
        klynge.Statement.from_csv_text("x", dialect="excel")
    assert error.value.rule == "REC-STATEMENT"
    elsewhere = klynge.Statement.from_csv_text("date,cluster,amount\n2022-01-01,elsewhere,5\n")
    with pytest.raises(klynge.ValidationError, match="cluster elsewhere has no lines in the report"):
        report.reconcile(elsewhere, day("2023-01-01"))


def test_rec_window_can_be_set(report):
    statement = klynge.Statement.from_csv_text(STATEMENT, cluster="k")
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
    r = report.reconcile(klynge.Statement.from_csv_text(STATEMENT, cluster="k"), day("2023-01-01"))
    table = pa.table(r)
    assert table.column("status").to_pylist() == ["matched", "difference", "missing", "missing", "unexpected", "unexpected"]
    assert table.schema.field("expected").type == pa.decimal128(28, 2)
    frame = pl.DataFrame(r)
    assert frame.filter(pl.col("status") == "unexpected")["booked"].sum() == Decimal("22666.67")
    pandas = r.to_pandas()
    assert len(pandas) == 6 and pandas["difference"].iloc[1] == Decimal("-256.71")


# --- Statements as Danish banks export them, read as they are ---------------------------------

BANKS = __import__("pathlib").Path(__file__).resolve().parents[2] / "core" / "tests" / "data" / "statements"


@pytest.mark.parametrize(
    ("file", "layout", "encoding", "reservations"),
    [
        ("danske-bank.csv", "danske-bank", "utf-8", 0),
        ("sydbank.csv", "sydbank", "windows-1252", 0),
        ("nordea.csv", "nordea", "utf-8", 1),
        ("nykredit.csv", "nykredit", "utf-8", 0),
    ],
)
def test_rec_statement_every_known_bank_layout_reconciles_without_editing(file, layout, encoding, reservations):
    scenario = klynge.Scenario.from_json((BANKS / "nordfyn.json").read_text(encoding="utf-8"))
    statement = klynge.Statement.from_csv(BANKS / file, cluster="nordfyn", dialect="danish-bank")
    assert (statement.layout, statement.encoding, statement.booked, statement.reservations) == (
        layout, encoding, 2, reservations)
    r = scenario.grants(2022, 2022).reconcile(statement, day("2022-06-01"))
    assert len(r.matched) == 1 and not r.differences and not r.missing
    assert [b["amount"] for b in r.unexpected] == [Decimal("-1250.00")]


def test_rec_statement_a_latin1_file_keeps_its_danish_letters_and_another_bank_is_told_the_names():
    sydbank = klynge.Statement.from_csv(str(BANKS / "sydbank.csv"), cluster="nordfyn", dialect="danish-bank")
    assert sydbank.bookings[1]["text"] == "Mødeudgifter Ærø, årsmøde"
    with pytest.raises(klynge.ValidationError) as error:
        klynge.Statement.from_csv(BANKS / "other-bank.csv", cluster="nordfyn", dialect="danish-bank")
    assert "Dato or Bogføringsdato" in error.value.problems[0].message_en


def test_rec_statement_a_str_is_a_path_and_text_comes_through_a_file_or_from_csv_text(tmp_path):
    with pytest.raises(FileNotFoundError):
        klynge.Statement.from_csv(str(tmp_path / "typo.csv"), cluster="k")
    import io

    from_io = klynge.Statement.from_csv(io.StringIO(STATEMENT), cluster="k")
    from_bytes = klynge.Statement.from_csv(io.BytesIO(STATEMENT.encode()), cluster="k")
    assert from_io.bookings == from_bytes.bookings == klynge.Statement.from_csv_text(STATEMENT, cluster="k").bookings


def test_rec_statement_a_cell_too_many_is_refused_never_shifted():
    with pytest.raises(klynge.ValidationError) as error:
        klynge.Statement.from_csv_text("date,cluster,text,amount\n2023-01-15,k,Tilskud, 2023,12064.00\n")
    assert error.value.problems[0].path == "statement:1"
    assert "the row has 5 cells, the header 4" in error.value.problems[0].message_en


def test_rec_expected_a_scenario_reconciliation_expects_fees_without_a_rate_and_lists_what_it_left_out():
    scenario = klynge.Scenario.from_dict({
        "clusters": [{"id": "nord", "founded": "2021-06-01", "completed": "2022-01-20"}],
        "practices": [{"ydernummer": "000001", "capacities": 3}],
        "memberships": [{"ydernummer": "000001", "cluster": "nord", "joined": "2021-06-01"}],
        "patients": [{"ydernummer": "000001", "year": year, "count": 1000} for year in (2021, 2022)],
    })
    statement = klynge.Statement.from_csv_text("date,amount\n2022-01-25,31120.00\n", cluster="nord")
    report, r = scenario.reconcile(statement, day("2022-06-01"), 2021, 2022)
    assert len(r.matched) == 1, r
    assert r.left_out == [{"cluster": "nord", "grant_year": 2021, "missing_rate": True, "practices_without_count": []}]
    assert json.loads(r.to_json())["left_out"][0]["grant_year"] == 2021
    assert scenario.grants(2022, 2022).reconcile(statement, day("2022-06-01")).left_out is None
    assert len(report) == 2, "the fee (2021) and the 2022 grant"
