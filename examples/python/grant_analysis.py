"""Grant analysis for analysts: the national sample's payouts per grant year and region, a
sweep of the 2026 rate from 3.00 to 4.00 kr, and a "what if" for 2025, in one chart.

Run from the repository root (after `scripts/python-env.sh` and
`.venv/bin/maturin develop --release -m bindings-python/Cargo.toml`):

    .venv/bin/python examples/python/grant_analysis.py [--chart grants.png]
"""

import argparse
from decimal import Decimal

import klynge

SAMPLE_2026 = Decimal("3.75")  # the synthetic sample's own 2026 rate (no official one yet)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chart", default="grants.png", help="where to save the PNG chart")
    args = parser.parse_args()

    scenario = klynge.sample.national()
    report = scenario.grants(2018, 2026)
    print(f"{report!r}")
    lines = report.to_pandas()  # money as exact decimals, each line with its cluster's region

    # Net per grant year and region (docs/formats.md: every line, pending ones included), split
    # into what is payable and what is pending until the cluster declares completion.
    lines["state"] = lines["due"].isna().map({False: "payable", True: "pending"})
    per_year = lines.groupby(["grant_year", "region", "state"], observed=True)["amount"].sum()
    pending = lines.loc[lines["state"] == "pending", "amount"].sum()
    print(f"\nNet, all years: {lines['amount'].sum():,.2f} kr, of which pending until completion: {pending:,.2f} kr")

    # What does 2026 cost nationally at every rate from 3.00 to 4.00 kr? One sweep, exact.
    rates = [Decimal("3.00") + Decimal("0.01") * i for i in range(101)]
    sweep = scenario.sweep(2026, 2026, [{"rates": {2026: rate}} for rate in rates])
    cost = [sweep.net(i) for i in range(len(rates))]
    # One net everywhere: the report's 2026 net (left panel) is the sweep's at the sample's rate.
    net_2026 = lines.loc[lines["grant_year"] == 2026, "amount"].sum()
    print(f"2026 net from the report: {net_2026:,.2f} kr; the sweep at {SAMPLE_2026} kr: {cost[rates.index(SAMPLE_2026)]:,.2f} kr")
    print(f"2026 nationally (net, pending included): {cost[0]:,.2f} kr at 3.00 kr, {cost[-1]:,.2f} kr at 4.00 kr per patient")

    # The analyst's first question: what if the 2025 rate were 4.00 kr instead of 3.65 kr?
    baseline = scenario.grants(2025, 2025)
    what_if = scenario.grants(2025, 2025, rates={2025: Decimal("4.00")})
    comparison = klynge.compare(baseline, what_if).to_pandas()
    regions = baseline.totals_to_pandas()[["cluster", "region"]]
    by_region = comparison.merge(regions, on="cluster").groupby("region", observed=True)["difference"].sum()
    by_region = by_region.sort_values()
    print("\nWhat if the 2025 rate were 4.00 kr? Difference in net payouts per region:")
    for region, difference in by_region.items():
        print(f"  {region:<22} {difference:>14,.2f} kr")
    print(f"  {'Denmark':<22} {by_region.sum():>14,.2f} kr")

    # Why one amount is what it is (GR-EXPLAIN).
    print("\nOne line, explained:\n  " + report.explain(0))

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    million = Decimal(1_000_000)  # Decimal to float only to draw; every amount above stays exact
    fig, (bars, line, what) = plt.subplots(1, 3, figsize=(17, 5.5), gridspec_kw={"width_ratios": [3, 2, 2]})

    years = sorted({year for year, _, _ in per_year.index})
    names = sorted({region for _, region, _ in per_year.index})
    bottom = [0.0] * len(years)
    colours = plt.get_cmap("tab10")
    colour_of = {name: colours(i) for i, name in enumerate(names)}
    for name in names:
        heights = [float(per_year.get((year, name, "payable"), Decimal(0)) / million) for year in years]
        bars.bar([str(y) for y in years], heights, bottom=bottom, label=name, color=colour_of[name])
        bottom = [b + h for b, h in zip(bottom, heights)]
    waiting = [float(sum(per_year.get((year, n, "pending"), Decimal(0)) for n in names) / million) for year in years]
    bars.bar([str(y) for y in years], waiting, bottom=bottom, label="pending: cluster not yet complete",
             color="white", edgecolor="grey", hatch="//")
    bars.set_xlabel("grant year")
    bars.set_ylabel("net grants, pending included (million kr)")
    bars.set_title("Net grants per grant year and region")
    # The legend in the order of the stack, top first.
    handles, labels = bars.get_legend_handles_labels()
    bars.legend(handles[::-1], labels[::-1], fontsize="small")

    line.plot([float(r) for r in rates], [float(c / million) for c in cost], color="black")
    line.axvline(float(SAMPLE_2026), linestyle=":", color="grey", label="the sample's 2026 rate, 3.75 kr")
    line.set_xlabel("2026 rate per group-1 patient (kr)")
    line.set_ylabel("national net grants 2026, pending included (million kr)")
    line.set_title("What 2026 costs at each rate")
    line.legend(fontsize="small")

    what.barh(list(by_region.index), [float(d / million) for d in by_region.values],
              color=[colour_of.get(name, "grey") for name in by_region.index])
    what.set_xlabel("more paid in 2025 (million kr)")
    what.set_title("2025 at 4.00 kr instead of 3.65 kr, per region")

    fig.suptitle("Quality-cluster grants, synthetic national sample (exact amounts, drawn in millions)")
    fig.tight_layout()
    fig.savefig(args.chart, dpi=110)
    print(f"\nChart saved to {args.chart}")


if __name__ == "__main__":
    main()
