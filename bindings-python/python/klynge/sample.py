"""The built-in synthetic national sample: about 116 clusters, 2,000 practices, 3,500 doctor
capacities and 5.9 million group-1 patients, 2018-2026, generated deterministically. Made up:
no real cluster, practice or count is in it; it carries its own sample rates for the grant
years without an official one (2018-2021 and 2026)."""

from ._klynge import Scenario, sample_scenario

__all__ = ["national", "scaled"]


def national() -> Scenario:
    """The national-size sample."""
    return sample_scenario(1)


def scaled(factor: int) -> Scenario:
    """The sample at ``factor`` times national size (1 to 100)."""
    return sample_scenario(factor)
