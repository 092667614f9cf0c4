"""Values cross process boundaries: a scenario, a report, its lines and totals, and a
comparison round-trip through pickle (multiprocessing, joblib) and compare equal."""

import pickle
from concurrent.futures import ProcessPoolExecutor
from decimal import Decimal

import klynge


def test_format_scenario_report_line_totals_and_comparison_pickle():
    scenario = klynge.sample.national()
    report = scenario.grants(2022, 2025)
    comparison = klynge.compare(report, scenario.grants(2022, 2025, rates={2025: Decimal("4")}))
    for value in [scenario, report, report[0], report[-1], report.totals[0], comparison]:
        back = pickle.loads(pickle.dumps(value))
        assert back == value, type(value).__name__
        assert type(back) is type(value)
    back = pickle.loads(pickle.dumps(report))
    assert back.to_json() == report.to_json()
    assert back.columns() == report.columns(), "cluster names and regions survive"
    assert back[0].explain() == report[0].explain()
    assert scenario != klynge.sample.scaled(2)
    assert report != scenario.grants(2022, 2024)


def _net(report: klynge.GrantReport) -> Decimal:
    return sum((t.net for t in report.totals), Decimal(0))


def test_format_a_report_computed_in_another_process():
    scenario = klynge.sample.national()
    with ProcessPoolExecutor(max_workers=2) as pool:
        reports = list(pool.map(scenario.grants, [2022, 2023], [2022, 2023]))
    assert reports == [scenario.grants(2022, 2022), scenario.grants(2023, 2023)]
    with ProcessPoolExecutor(max_workers=1) as pool:
        assert pool.submit(_net, reports[0]).result() == _net(reports[0])


def test_format_reading_a_large_scenario_leaves_nothing_that_breaks_a_fork():
    """A large scenario is read, checked and compiled on two threads: the second is the process's
    helper thread, which a forked child (multiprocessing's default on Linux) does not have; the
    child starts its own and reads scenarios as well as its parent."""
    import multiprocessing

    text = klynge.sample.scaled(3).to_json()
    parent = klynge.Scenario.from_json(text)
    context = multiprocessing.get_context("fork")
    with context.Pool(1) as pool:
        size = pool.apply_async(_size_of, (text,)).get(timeout=60)
    assert size == parent.size


def _size_of(text: str) -> tuple[int, int, int]:
    return klynge.Scenario.from_json(text).size
