"""Grants (GR-*): the worked examples W1 to W5 through Python, reports and comparisons."""

import datetime
import sys
import types
from decimal import Decimal

import pytest

import klynge
from conftest import W2_SCENARIO, day


def scenario(memberships, patients, completed="2019-01-20", rates=()):
    practices = sorted({m["ydernummer"] for m in memberships})
    return klynge.Scenario.from_dict({
        "clusters": [{"id": "k", "founded": "2018-09-15", "completed": completed}],
        "practices": [{"ydernummer": y, "capacities": 2 if y == "000001" else 1} for y in practices],
        "memberships": memberships,
        "patients": patients,
        "rates": [{"year": y, "rate": r} for y, r in rates],
    })


def member(yder, joined, left=None):
    return {"ydernummer": yder, "cluster": "k", "joined": joined, "left": left, "by_transfer": False}


def find(report, yder, kind, year):
    return next(l for l in report.lines if l.ydernummer == yder and l.kind == kind and l.grant_year == year)


def test_w1_gr_startup_fee_due_at_completion():
    s = scenario([member("000001", "2018-09-15")], [{"ydernummer": "000001", "year": 2018, "count": 3000}], rates=[(2018, "1.00")])
    fee = find(s.grants(2018, 2018), "000001", "startup_fee", 2018)
    assert (fee.amount, fee.due, fee.payer, fee.rule, fee.capacities) == (Decimal("20000.00"), day("2019-01-20"), "region", "GR-STARTUP", 2)
    assert klynge.payout_window(fee.due, fee.payer) == (day("2019-02-03"), day("2019-02-17"))


def test_w2_gr_annual_regional_matches_format():
    report = klynge.Scenario.from_dict(W2_SCENARIO).grants(2022, 2022)
    assert report.to_dicts() == [{
        "cluster": "nordfyn", "cluster_name": "Klynge Nordfyn", "region": "Region Syddanmark",
        "ydernummer": "061654", "kind": "annual_grant", "grant_year": 2022,
        "rule": "GR-ANNUAL-REGIONAL", "period_from": day("2022-01-01"), "period_until": day("2023-01-01"),
        "patients": 3150, "rate": Decimal("1.12"), "days": 365, "days_in_year": 365, "capacities": None,
        "amount": Decimal("3528.00"), "payer": "region", "due": day("2022-01-01"),
    }]
    [totals] = report.totals
    assert (totals.paid, totals.repaid, totals.net) == (Decimal("3528.00"), Decimal("0.00"), Decimal("3528.00"))


def test_w3_w4_gr_share_and_withheld_fee():
    patients = [{"ydernummer": "000002", "year": 2022, "count": 1800}]
    joined = scenario([member("000002", "2022-03-01")], patients).grants(2022, 2022)
    assert find(joined, "000002", "startup_fee", 2022).amount == Decimal("10000.00")
    share = find(joined, "000002", "annual_grant", 2022)
    assert (share.amount, share.days, share.due) == (Decimal("1690.13"), 306, day("2023-01-01"))
    left = scenario([member("000002", "2022-03-01", "2022-12-31")], patients).grants(2022, 2022)
    assert [l.kind for l in left.lines] == ["annual_grant"]
    assert left[0].amount == Decimal("1684.60")


def test_w4_gr_clawback_of_a_paid_fee():
    patients = [{"ydernummer": "000002", "year": y, "count": 1800} for y in (2021, 2022)]
    report = scenario([member("000002", "2021-06-01", "2022-05-31")], patients, rates=[(2021, "1.00")]).grants(2021, 2022)
    claw = find(report, "000002", "clawback", 2022)
    assert (claw.amount, claw.due, claw.rule) == (Decimal("-10000.00"), day("2022-05-31"), "GR-CLAWBACK")


def test_w5_gr_annual_plo():
    patients = [{"ydernummer": y, "year": 2025, "count": 2000} for y in ("000002", "000003")]
    report = scenario([member("000002", "2025-01-31"), member("000003", "2025-02-01")], patients).grants(2025, 2025)
    assert [(l.ydernummer, l.amount, l.due, l.payer) for l in report.lines] == [("000002", Decimal("7300.00"), day("2025-03-01"), "plo")]


def test_gr_rate_missing_is_an_error_and_a_rate_can_be_supplied():
    s = scenario([member("000002", "2018-09-15")], [{"ydernummer": "000002", "year": 2026, "count": 10}])
    with pytest.raises(klynge.ValidationError) as error:
        s.grants(2026, 2026)
    assert error.value.rule == "GR-RATE" and "2026" in error.value.message_en
    assert s.grants(2026, 2026, rates={2026: Decimal("4")})[0].amount == Decimal("40.00")


def test_gr_explain_and_report_views():
    report = klynge.sample.national().grants(2022, 2025)
    assert len(report) == len(report.lines) > 5000
    assert "GR-" in report.explain(0) and report.explain(-1) == report[-1].explain()
    with pytest.raises(IndexError):
        report.explain(len(report))
    columns = report.columns()
    assert set(columns) >= {"cluster", "amount", "due", "rate"} and all(len(v) == len(report) for v in columns.values())
    assert all(isinstance(a, Decimal) for a in columns["amount"][:50])
    assert "<table>" in report._repr_html_()
    assert klynge.GrantReport.from_json(report.to_json()).to_json() == report.to_json()


def test_report_to_pandas():
    pandas = pytest.importorskip("pandas")
    report = klynge.sample.national().grants(2022, 2025)
    frame = report.to_pandas()
    assert isinstance(frame, pandas.DataFrame) and len(frame) == len(report)
    assert list(frame.columns) == list(report.columns())
    assert isinstance(frame["amount"].iloc[0], Decimal)
    assert isinstance(frame["due"].iloc[0], datetime.date)
    assert len(report.totals_to_pandas()) == len(report.totals)


def test_report_to_pandas_arrow_columns_agree_cell_for_cell():
    pandas = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    report = klynge.sample.national().grants(2018, 2026)
    frame = report.to_pandas()
    assert str(frame["amount"].dtype).startswith("decimal128")
    assert frame["amount"].sum() == sum((line.amount for line in report.lines), Decimal(0))

    def plain(value):
        return None if value is pandas.NA else value

    for name, values in report.columns().items():
        assert [plain(v) for v in frame[name].tolist()] == values, name


def test_report_to_pandas_dictionaries_follow_each_report_though_small_ones_are_shared():
    pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    national = klynge.sample.national()
    # 2018 meets a startup fee first, 2019 an annual grant; 2021 has no clawback; 2023 has two
    # payers, 2024 only PLO. Each frame must read back its own report's values.
    for year in [2018, 2019, 2018, 2021, 2023, 2024, 2019]:
        report = national.grants(year, year)
        frame = report.to_pandas()
        columns = report.columns()
        for name in ["kind", "rule", "payer"]:
            assert frame[name].tolist() == columns[name], (year, name)


@pytest.mark.parametrize("internals", [None, types.ModuleType("pandas.api.internals")])
def test_report_to_pandas_is_the_same_frame_without_pandas_low_level_api(monkeypatch, internals):
    pandas = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    report = klynge.sample.national().grants(2022, 2023)
    fast = report.to_pandas()
    # An older pandas has no pandas.api.internals (or not its create_dataframe_from_blocks):
    # to_pandas uses the public constructor.
    monkeypatch.setitem(sys.modules, "pandas.api.internals", internals)
    slow = report.to_pandas()
    pandas.testing.assert_frame_equal(fast, slow)


def test_report_to_pandas_without_pyarrow_holds_the_same_values(monkeypatch):
    pandas = pytest.importorskip("pandas")
    report = klynge.sample.national().grants(2022, 2023)
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    frame = report.to_pandas()
    assert list(frame.columns) == list(report.columns())
    assert isinstance(frame["amount"].iloc[0], Decimal)
    for name, values in report.columns().items():
        assert [None if pandas.isna(v) else v for v in frame[name].tolist()] == values, name


def test_a_missing_pandas_is_a_clear_error(monkeypatch):
    report = klynge.sample.national().grants(2022, 2022)
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match="pip install pandas"):
        report.to_pandas()


def test_report_to_pandas_frames_do_not_share_their_column_names():
    pytest.importorskip("pandas")
    report = klynge.sample.national().grants(2022, 2022)
    first, second = report.to_pandas(), report.to_pandas()
    first.columns.name = "field"
    assert second.columns.name is None
    first.columns = [f"{name}_x" for name in first.columns]
    assert list(second.columns) == list(report.columns())


def test_an_empty_report_to_pandas_has_every_column_and_no_rows():
    pytest.importorskip("pandas")
    report = klynge.sample.national().grants(1990, 1990)
    frame = report.to_pandas()
    assert len(frame) == 0 and list(frame.columns) == list(report.columns())


def test_compare_a_rate_scenario():
    national = klynge.sample.national()
    baseline = national.grants(2024, 2026)
    what_if = national.grants(2024, 2026, rates={2026: Decimal("4.00")})
    comparison = klynge.compare(baseline, what_if)
    assert len(comparison) == len(baseline.totals)
    assert all(r["difference"] == 0 for r in comparison.rows if r["grant_year"] < 2026)
    assert comparison.total_difference > 0
    rows_2026 = [r for r in comparison.rows if r["grant_year"] == 2026]
    assert all(r["difference"] == r["other"] - r["baseline"] for r in rows_2026)
    if pytest.importorskip("pandas"):
        assert len(comparison.to_pandas()) == len(comparison)


def test_compare_refuses_reports_over_other_years_or_clusters():
    national = klynge.sample.national()
    baseline = national.grants(2018, 2026)
    with pytest.raises(klynge.ValidationError) as error:
        klynge.compare(baseline, national.grants(2022, 2025))
    assert error.value.path == "other"
    assert error.value.problems[0].message_en == (
        "the reports cover other grant years: the baseline 2018-2026, the other 2022-2025; "
        "compute both over the same years, or compare the common part"
    )
    common = klynge.compare(baseline, national.grants(2022, 2025), common=True)
    assert {r["grant_year"] for r in common.rows} == {2022, 2023, 2024, 2025}
    assert common.total_difference == 0
    national_2022 = national.grants(2022, 2022)
    one = klynge.Scenario.from_dict(W2_SCENARIO).grants(2022, 2022)
    with pytest.raises(klynge.ValidationError, match="only in the other nordfyn"):
        klynge.compare(national_2022, one)
    assert len(klynge.compare(national_2022, one, common=True)) == 0


def test_format_net_counts_pending_lines_and_pending_is_beside_it():
    scenario = klynge.Scenario.from_dict({
        "clusters": [{"id": "k", "founded": "2022-01-01", "completed": None}],
        "practices": [{"ydernummer": "061654", "capacities": 2}],
        "memberships": [{"ydernummer": "061654", "cluster": "k", "joined": "2022-01-01"}],
        "patients": [{"ydernummer": "061654", "year": 2022, "count": 3150}],
    })
    (totals,) = scenario.grants(2022, 2022).totals
    assert (totals.net, totals.pending) == (Decimal("23528.00"), Decimal("23528.00"))
    assert "pending=23528.00" in repr(totals)
    pa = pytest.importorskip("pyarrow")
    table = pa.table(scenario.grants(2022, 2022).totals_table())
    assert table.column("pending").to_pylist() == [Decimal("23528.00")]
    sweep = scenario.sweep(2022, 2022, [{}])
    assert sweep.net(0) == Decimal("23528.00")


def test_cmp_payout_window_of_one_clusters_lines_is_chosen_by_the_payer():
    scenario = klynge.Scenario.from_dict({
        "clusters": [{"id": "k", "founded": "2022-01-01", "completed": "2022-02-01"}],
        "practices": [{"ydernummer": "000001", "capacities": 1}, {"ydernummer": "000002", "capacities": 1}],
        "memberships": [
            {"ydernummer": "000001", "cluster": "k", "joined": "2022-01-01"},
            {"ydernummer": "000002", "cluster": "k", "joined": "2022-01-15", "left": "2022-09-01"},
        ],
        "patients": [{"ydernummer": y, "year": year, "count": 2000} for y in ["000001", "000002"] for year in (2022, 2023, 2024)],
    })
    view = scenario.grants(2022, 2024, rates=None).cluster_view("k")
    assert view["cluster"] == "k" and view["totals"]
    for entry in view["lines"]:
        line, window = entry["line"], entry["payout_window"]
        if line.amount < 0 or line.due is None:
            assert window is None
        elif line.payer == "plo":
            assert window == (line.due, line.due)
        else:
            assert window == klynge.payout_window(line.due, "region") != (line.due, line.due)
    assert {e["line"].payer for e in view["lines"]} == {"region", "plo"}
    assert any(e["line"].amount < 0 for e in view["lines"])
    assert scenario.grants(2022, 2022).cluster_view("other")["lines"] == []
