"""The cluster's funds (LED-*) from Python: spendings from CSV, a dataframe or JSON; the ledger
as tables, JSON and pickles; the worked example W7."""

import io
import json
import pickle
from decimal import Decimal

import pytest

import klynge
from conftest import day

W7 = {
    "clusters": [{"id": "k", "founded": "2022-01-01", "completed": "2022-02-01"}],
    "practices": [{"ydernummer": "000001", "capacities": 1}],
    "memberships": [{"ydernummer": "000001", "cluster": "k", "joined": "2022-01-01"}],
    "patients": [{"ydernummer": "000001", "year": year, "count": 2000} for year in range(2022, 2026)],
}

SPENDINGS = """date,kind,payee,amount,hours,status
2023-06-10,meeting,Hotel Fyn,1250.00,,paid
2024-11-10,consultant,Konsulent A/S,,1.5,paid
2025-02-15,refund,Anne Hansen,25000.00,,requested
"""


@pytest.fixture
def report() -> klynge.GrantReport:
    return klynge.Scenario.from_dict(W7).grants(2022, 2025)


def test_w7_led_the_worked_example(report, tmp_path):
    path = tmp_path / "spendings.csv"
    path.write_text(SPENDINGS, encoding="utf-8")
    spendings = klynge.Spendings.from_csv(path, cluster="k")
    assert spendings.items[1]["amount"] == Decimal("1608.03")
    ledger = report.ledger(spendings, day("2025-02-15"))
    assert ledger.balance("k") == Decimal("21121.97")
    pd = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    plan = ledger.plan.to_pandas()
    refund = plan[plan["row"] == 3].iloc[0]
    assert (refund["covered"], refund["shortfall"], refund["covered_from"]) == (False, Decimal("3878.03"), day("2025-03-01"))
    years = ledger.years.to_pandas()
    y2023 = years[years["year"] == 2023].iloc[0]
    assert (y2023["opening"], y2023["in_annual_grant"], y2023["out_meeting"], y2023["closing"]) == (
        Decimal("12240.00"), Decimal("4640.00"), Decimal("1250.00"), Decimal("15630.00"))
    assert list(ledger.entries.to_pandas()["balance"])[-1] == Decimal("21121.97")
    assert json.loads(ledger.to_json())["years"][1]["closing"] == "15630.00"
    assert pickle.loads(pickle.dumps(ledger)).to_json() == ledger.to_json()
    assert pickle.loads(pickle.dumps(spendings)).items == spendings.items


def test_led_spendings_from_a_dataframe_and_an_opening_balance(report):
    pd = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    frame = pd.DataFrame({
        "date": [day("2023-06-10")], "kind": ["meeting"], "payee": ["Hotel Fyn"],
        "amount": [Decimal("1250.00")], "status": ["paid"],
    })
    spendings = klynge.Spendings.from_frame(frame, cluster="k")
    ledger = report.ledger(spendings, day("2023-12-31"), openings={"k": (day("2023-04-01"), Decimal("15000"))})
    assert ledger.balance("k") == Decimal("13750.00")
    with pytest.raises(klynge.ValidationError, match="never a float|float cannot hold"):
        klynge.Spendings.from_frame(frame.assign(amount=[1250.0]), cluster="k")


def test_led_spending_bad_rows_are_named_and_a_str_is_a_path(tmp_path):
    with pytest.raises(klynge.ValidationError) as error:
        klynge.Spendings.from_csv(io.StringIO("date,kind,payee,amount,status\n2023-13-01,party,,x,maybe\n"), cluster="k")
    assert [p.path for p in error.value.problems] == [
        "spendings.csv:1:date", "spendings.csv:1:kind", "spendings.csv:1:status", "spendings.csv:1:payee", "spendings.csv:1:amount",
    ]
    assert all(p.rule == "LED-SPENDING" for p in error.value.problems)
    with pytest.raises(FileNotFoundError):
        klynge.Spendings.from_csv(str(tmp_path / "typo.csv"), cluster="k")
