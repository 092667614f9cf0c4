"""Every table-like result, alike: pyarrow, polars and DuckDB read it through the Arrow
PyCapsule interface; `to_arrow()`, `to_polars()` and `to_pandas()` (with and without pyarrow)
give the same rows; a notebook shows it (`_repr_html_`); and those that pickle come back equal.
One definition in the binding (`table::tabular!`) gives each of them these methods. A calendar,
a reconciliation and a sweep do not pickle (they keep no input to be made again from)."""

import io
import pickle
import sys
from decimal import Decimal

import pytest

import klynge
from conftest import ANNE, day, registration

pa = pytest.importorskip("pyarrow")
pl = pytest.importorskip("polars")
duckdb = pytest.importorskip("duckdb")
pd = pytest.importorskip("pandas")

SCENARIO = {
    "clusters": [{"id": "k", "founded": "2022-01-01", "completed": "2022-02-01"}],
    "practices": [{"ydernummer": "000001", "capacities": 1}, {"ydernummer": "000002", "capacities": 2}],
    "memberships": [
        {"ydernummer": "000001", "cluster": "k", "joined": "2022-01-01"},
        {"ydernummer": "000002", "cluster": "k", "joined": "2022-03-01", "left": "2022-09-01"},
    ],
    "patients": [{"ydernummer": y, "year": year, "count": 2000} for y in ["000001", "000002"] for year in range(2022, 2026)],
}


def results() -> dict:
    scenario = klynge.Scenario.from_dict(SCENARIO)
    report = scenario.grants(2022, 2025)
    what_if = scenario.grants(2022, 2025, rates={2025: Decimal("4.00")})
    statement = klynge.Statement.from_csv_text("date,amount,text\n2022-02-01,10000.00,fee\n", cluster="k")
    spendings = klynge.Spendings.from_csv(io.StringIO("date,kind,payee,amount,hours,status\n2023-06-10,meeting,Hotel,1250.00,,paid\n"), cluster="k")
    ledger = report.ledger(spendings, day("2025-02-15"))
    registry = klynge.Registry()
    registry.create_cluster(ANNE, day("2018-10-01"), registration())
    return {
        "report": report,
        "totals": report.totals_table(),
        "comparison": klynge.compare(report, what_if),
        "calendar": scenario.calendar(day("2022-01-01"), until=day("2023-12-31")),
        "reconciliation": report.reconcile(statement, day("2023-01-01")),
        "sweep": scenario.sweep(2022, 2025, [{}, {"rates": {2025: Decimal("4.00")}}]),
        "adjustments": report.adjustments(what_if, day("2025-06-01")),
        "member_list": registry.member_list("12345674", day("2024-01-31")),
        "ledger_entries": ledger.entries,
        "ledger_plan": ledger.plan,
        "ledger_years": ledger.years,
    }


RESULTS = results()


@pytest.mark.parametrize("name", sorted(RESULTS))
def test_format_every_table_reads_alike_in_pyarrow_polars_duckdb_and_pandas(name):
    table = RESULTS[name]
    arrow = pa.table(table)
    assert arrow.equals(table.to_arrow())
    assert arrow.num_rows > 0 or name in {"ledger_plan"}, name
    polars = table.to_polars()
    assert (polars.height, polars.columns) == (arrow.num_rows, arrow.column_names)
    assert pl.DataFrame(table).equals(polars)
    result = table  # DuckDB finds the table by its Python name
    assert duckdb.sql("select count(*) from result").fetchall()[0][0] == arrow.num_rows
    frame = table.to_pandas()
    assert (len(frame), list(frame.columns)) == (arrow.num_rows, arrow.column_names)
    # Money is exact wherever it is.
    for field in arrow.schema:
        values = frame[field.name].dropna()
        if pa.types.is_decimal(field.type) and len(values):
            assert isinstance(values.iloc[0], Decimal), (name, field.name)


@pytest.mark.parametrize("name", sorted(RESULTS))
def test_format_every_table_to_pandas_without_pyarrow_holds_the_same_values(name, monkeypatch):
    table = RESULTS[name]
    with_arrow = table.to_pandas()
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    plain = table.to_pandas()
    assert list(plain.columns) == list(with_arrow.columns)
    for column in plain.columns:
        left = [None if pd.isna(v) else v for v in plain[column].tolist()]
        right = [None if pd.isna(v) else v for v in with_arrow[column].tolist()]
        assert left == right, (name, column)


@pytest.mark.parametrize("name", sorted(RESULTS))
def test_format_every_table_has_a_notebook_view(name):
    table = RESULTS[name]
    html = table._repr_html_()
    assert html.startswith("<div><strong>") and "</table>" in html
    for column in pa.table(table).column_names:
        assert f"<th>{column}</th>" in html
    assert "<script" not in html


PICKLES = ["report", "comparison", "adjustments", "member_list", "totals", "ledger_entries", "ledger_plan", "ledger_years"]


@pytest.mark.parametrize("name", PICKLES)
def test_format_tables_that_pickle_come_back_equal(name):
    table = RESULTS[name]
    back = pickle.loads(pickle.dumps(table))
    assert pa.table(back).equals(pa.table(table))


def test_format_the_notebook_view_escapes_what_it_shows():
    registry = klynge.Registry()
    registry.create_cluster(ANNE, day("2018-10-01"), registration())
    registry.set_name(ANNE, day("2019-01-01"), "061654", "<b>Lægerne & co</b>")
    html = registry.member_list("12345674", day("2024-01-31"))._repr_html_()
    assert "&lt;b&gt;Lægerne &amp; co&lt;/b&gt;" in html and "<b>Lægerne" not in html
