"""Arrow out, the ecosystem's way: pyarrow, polars and DuckDB read every table klynge makes
through the Arrow PyCapsule interface (`__arrow_c_stream__`), money as exact decimal128 and
dates as date32; `to_arrow()`, `to_polars()` and `to_pandas()` are conveniences."""

import datetime
from decimal import Decimal

import pytest

import klynge

pa = pytest.importorskip("pyarrow")
pl = pytest.importorskip("polars")
duckdb = pytest.importorskip("duckdb")


@pytest.fixture(scope="module")
def report() -> klynge.GrantReport:
    return klynge.sample.national().grants(2022, 2025)


def tables(report: klynge.GrantReport) -> dict:
    what_if = klynge.sample.national().grants(2022, 2025, rates={2025: Decimal("4.00")})
    return {
        "report": report,
        "totals": report.totals_table(),
        "comparison": klynge.compare(report, what_if),
    }


def test_format_pyarrow_reads_every_table_with_exact_money(report):
    for name, table in tables(report).items():
        arrow = pa.table(table)
        assert arrow.num_rows == len(table), name
        assert arrow.equals(table.to_arrow()), name
        money = [f for f in arrow.schema if pa.types.is_decimal(f.type)]
        assert money and all(f.type.scale == 2 for f in money if f.name != "rate"), name
    arrow = pa.table(report)
    assert arrow.column_names == list(report.columns())
    assert arrow.schema.field("due").type == pa.date32()
    assert arrow.column("amount").to_pylist() == [line.amount for line in report.lines]
    assert sum(arrow.column("amount").to_pylist()) == sum(t.net for t in report.totals)


def test_format_polars_reads_every_table(report):
    for name, table in tables(report).items():
        frame = pl.DataFrame(table)
        assert frame.height == len(table), name
        assert frame.equals(table.to_polars()), name
    frame = pl.DataFrame(report)
    assert isinstance(frame.schema["amount"], pl.Decimal)
    assert frame["due"].dtype == pl.Date
    total = frame.group_by("grant_year").agg(pl.col("amount").sum()).sort("grant_year")
    assert total["amount"].to_list() == [
        sum((t.net for t in report.totals if t.grant_year == year), Decimal(0)) for year in range(2022, 2026)
    ]


def test_format_duckdb_queries_every_table(report):
    totals, comparison = report.totals_table(), tables(report)["comparison"]
    rows = duckdb.sql("select grant_year, sum(amount) as net from report group by grant_year order by grant_year").fetchall()
    assert rows == [
        (year, sum((t.net for t in report.totals if t.grant_year == year), Decimal(0))) for year in range(2022, 2026)
    ]
    assert duckdb.sql("select count(*) from totals").fetchall() == [(len(totals),)]
    assert duckdb.sql("select sum(difference) from comparison").fetchall() == [(comparison.total_difference,)]
    [(due,)] = duckdb.sql("select min(due) from report").fetchall()
    assert isinstance(due, datetime.date)


def test_format_lines_know_their_cluster_name_and_region(report):
    frame = pl.DataFrame(report)
    clusters = {c["id"]: c for c in klynge.sample.national().clusters}
    first = frame.row(0, named=True)
    assert first["cluster_name"] == clusters[first["cluster"]]["name"]
    assert first["region"].startswith("Region ")
    by_region = frame.group_by("region").agg(pl.col("amount").sum())
    assert by_region.height == 5


def test_format_the_totals_table_and_pandas(report):
    pd = pytest.importorskip("pandas")
    frame = report.totals_to_pandas()
    assert list(frame.columns) == ["cluster", "cluster_name", "region", "grant_year", "paid", "repaid", "net", "pending"]
    assert isinstance(frame["net"].iloc[0], Decimal)
    assert frame["net"].sum() == sum(t.net for t in report.totals)
    table = report.totals_table()
    assert table.column_names == list(frame.columns) and "Table(rows=" in repr(table)
    pd.testing.assert_frame_equal(table.to_pandas(), frame)
