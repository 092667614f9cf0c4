"""Adjustments (ADJ-*) from Python: the worked example W8, a report read back as paid."""

import copy
import json
from decimal import Decimal

import pytest

import klynge
from conftest import day

PAID = {
    "clusters": [{"id": "c", "founded": "2018-09-15", "completed": "2019-01-20"}],
    "practices": [{"ydernummer": "000001", "capacities": 2}, {"ydernummer": "000002", "capacities": 1}],
    "memberships": [
        {"ydernummer": "000001", "cluster": "c", "joined": "2018-09-15"},
        {"ydernummer": "000002", "cluster": "c", "joined": "2022-03-01"},
    ],
    "patients": [{"ydernummer": "000001", "year": 2022, "count": 3000}, {"ydernummer": "000002", "year": 2022, "count": 1800}],
}


def test_w8_adj_the_worked_example():
    owed_scenario = copy.deepcopy(PAID)
    owed_scenario["memberships"][1]["left"] = "2022-12-31"
    paid = klynge.GrantReport.from_json(klynge.Scenario.from_dict(PAID).grants(2022, 2022).to_json())
    owed = klynge.Scenario.from_dict(owed_scenario).grants(2022, 2022)
    result = owed.adjustments(paid, day("2023-06-15"))
    share = next(a for a in result.adjustments if a["kind"] == "annual_grant")
    assert (share["paid"], share["owed"], share["difference"]) == (Decimal("1690.13"), Decimal("1684.60"), Decimal("-5.53"))
    assert share["causes"] == [{"cause": "days", "paid": "306", "owed": "305"}]
    assert share["settled"] == [{"payer": "region", "amount": Decimal("-5.53")}]
    assert result.due == [{"cluster": "c", "payer": "region", "amount": Decimal("-10005.53")}]
    assert "days 306 -> 305" in share["text_en"]
    assert json.loads(result.to_json())["due"][0]["amount"] == "-10005.53"
    # Which report is which: both name the version and the parameters' fingerprint.
    assert owed.klynge_version == klynge.__version__ and len(owed.parameters_fingerprint) == 64
    assert paid.parameters_fingerprint == owed.parameters_fingerprint
    assert json.loads(result.to_json())["paid_report"]["parameters_fingerprint"] == paid.parameters_fingerprint
    pa = pytest.importorskip("pyarrow")
    assert pa.table(owed).schema.metadata[b"klynge_version"] == klynge.__version__.encode()
    import pickle

    assert pickle.loads(pickle.dumps(result)).to_json() == result.to_json()
    pd = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    frame = result.to_pandas()
    assert list(frame["difference"]) == [Decimal("-10000.00"), Decimal("-5.53")]
    assert list(frame["causes"]) == ["line_gone", "days"]
    with pytest.raises(klynge.ValidationError):
        owed.adjustments(klynge.Scenario.from_dict(PAID).grants(2022, 2023), day("2023-06-15"))
