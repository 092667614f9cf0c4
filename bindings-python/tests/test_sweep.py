"""Sweeps (SW-VARIANTS, SW-EXACT) from Python: many variants at once, each equal to a full
computation, refused with the variant's index where a rate is missing; a table out."""

from decimal import Decimal

import pytest

import klynge


@pytest.fixture(scope="module")
def national() -> klynge.Scenario:
    return klynge.sample.national()


def test_sw_exact_every_variant_is_a_full_computation(national):
    variants = [
        {"rates": {2026: Decimal("3.10")}},
        {"rates": {2026: 4}, "startup_fee_per_capacity": "12000"},
        {"rates": {2026: "3.123456"}, "clawback_on_transfer": True},
        {"startup_fee_per_capacity": 0},
        {},
    ]
    sweep = national.sweep(2018, 2026, variants)
    assert sweep.variants == 5 and sweep.years == (2018, 2026)
    frame = sweep.to_pandas()
    assert list(frame.columns) == ["variant", "cluster", "grant_year", "paid", "repaid", "net", "pending"]
    for index, variant in enumerate(variants):
        report = national.grants(
            2018, 2026, rates=variant.get("rates"), startup_fee_per_capacity=variant.get("startup_fee_per_capacity"),
            clawback_on_transfer=variant.get("clawback_on_transfer"),
        )
        rows = frame[frame["variant"] == index]
        assert len(rows) == len(report.totals)
        assert rows["net"].sum() == sum(t.net for t in report.totals) == sweep.net(index)
        for t, (paid, repaid) in zip(report.totals, zip(rows["paid"], rows["repaid"])):
            assert (t.paid, t.repaid) == (paid, repaid)


def test_sw_variants_a_rate_per_variant_over_a_range(national):
    rates = [Decimal("3.00") + Decimal("0.01") * i for i in range(101)]
    sweep = national.sweep(2026, 2026, [{"rates": {2026: r}} for r in rates])
    nets = [sweep.net(i) for i in range(len(rates))]
    assert nets == sorted(nets) and nets[0] < nets[-1]
    pa = pytest.importorskip("pyarrow")
    pl = pytest.importorskip("polars")
    assert pa.table(sweep).num_rows == len(sweep)
    assert pl.DataFrame(sweep).group_by("variant").agg(pl.col("net").sum()).height == len(rates)


def test_sw_variants_refused_with_index_and_year_all_at_once():
    scenario = klynge.Scenario.from_dict({
        "clusters": [{"id": "k", "founded": "2018-09-15", "completed": "2019-01-20"}],
        "practices": [{"ydernummer": "000001", "capacities": 1}],
        "memberships": [{"ydernummer": "000001", "cluster": "k", "joined": "2018-09-15", "left": None, "by_transfer": False}],
        "patients": [{"ydernummer": "000001", "year": y, "count": 1000} for y in range(2018, 2027)],
    })
    with pytest.raises(klynge.ValidationError) as error:
        scenario.sweep(2025, 2026, [{"rates": {2026: 4}}, {}, {"rates": {2025: "5"}}])
    assert [(p.path, p.rule, p.message_en) for p in error.value.problems] == [
        ("variants[1].rates", "SW-VARIANTS", "variant 1 has no rate for grant year 2026 (GR-RATE); supply one"),
        ("variants[2].rates", "SW-VARIANTS", "variant 2 has no rate for grant year 2026 (GR-RATE); supply one"),
    ]
    for bad, path in [
        ([{"rates": {2026: 4.0}}], "variants[0].rates[2026]"),
        ([{"startup_fee_per_capacity": 1.5}], "variants[0].startup_fee_per_capacity"),
        ([{"colour": "red"}], "variants[0].colour"),
        ([{"startup_fee_per_capacity": "-1"}], "variants[0].startup_fee_per_capacity"),
    ]:
        with pytest.raises(klynge.ValidationError) as error:
            scenario.sweep(2026, 2026, bad)
        assert error.value.problems[0].path == path, bad


def test_gr_startup_a_float_fee_is_refused_in_grants_too(national):
    with pytest.raises(klynge.ValidationError) as error:
        national.grants(2022, 2022, startup_fee_per_capacity=12000.0)
    assert "never a float" in error.value.message_en
    no_fee = national.grants(2018, 2018, startup_fee_per_capacity=0)
    assert not any(line.kind in ("startup_fee", "clawback") for line in no_fee.lines)
