"""Grant analysis for analysts: the national sample, 2022-2025, a "what if" rate scenario, and a
chart of payouts per year and region.

Run from the repository root (after `scripts/python-env.sh` and
`.venv/bin/maturin develop --release -m bindings-python/Cargo.toml`):

    .venv/bin/python examples/python/grant_analysis.py [--chart payouts.png]
"""

import argparse
from collections import defaultdict
from decimal import Decimal

import klynge


def region_of_clusters(scenario: klynge.Scenario) -> dict:
    """Cluster id -> region name, from each cluster's municipality."""
    regions = {}
    for cluster in scenario.clusters:
        code = cluster.get("municipality")
        regions[cluster["id"]] = klynge.Municipality(code).region.name if code else "(no region)"
    return regions


def net_by_year_and_region(report: klynge.GrantReport, regions: dict) -> dict:
    table = defaultdict(Decimal)
    for totals in report.totals:
        table[(totals.grant_year, regions[totals.cluster])] += totals.net
    return table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chart", default="payouts.png", help="where to save the PNG chart")
    args = parser.parse_args()

    scenario = klynge.sample.national()
    regions = region_of_clusters(scenario)
    baseline = scenario.grants(2022, 2025)
    print(f"{baseline!r}")

    # The analyst's first question: what if the 2025 rate were 4.00 kr instead of 3.65 kr?
    what_if = scenario.grants(2022, 2025, rates={2025: Decimal("4.00")})
    comparison = klynge.compare(baseline, what_if)
    by_region = defaultdict(Decimal)
    for row in comparison.rows:
        by_region[regions[row["cluster"]]] += row["difference"]
    print("\nWhat if the 2025 rate were 4.00 kr? Difference in net payouts per region:")
    for region, difference in sorted(by_region.items()):
        print(f"  {region:<22} {difference:>14,.2f} kr")
    print(f"  {'Denmark':<22} {comparison.total_difference:>14,.2f} kr")

    # Why one amount is what it is (GR-EXPLAIN).
    print("\nOne line, explained:\n  " + baseline.explain(0))

    # Payouts per grant year and region, as a stacked bar chart.
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    table = net_by_year_and_region(baseline, regions)
    years = sorted({year for year, _ in table})
    names = sorted({region for _, region in table})
    fig, ax = plt.subplots(figsize=(9, 5))
    bottom = [0.0] * len(years)
    for name in names:
        # Decimal to float only for drawing bars; every amount above stays exact.
        heights = [float(table[(year, name)]) / 1e6 for year in years]
        ax.bar([str(y) for y in years], heights, bottom=bottom, label=name)
        bottom = [b + h for b, h in zip(bottom, heights)]
    ax.set_ylabel("net payout (million kr)")
    ax.set_title("Quality-cluster grants per grant year and region (synthetic national sample)")
    ax.legend(fontsize="small")
    fig.tight_layout()
    fig.savefig(args.chart, dpi=120)
    print(f"\nChart saved to {args.chart}")


if __name__ == "__main__":
    main()
