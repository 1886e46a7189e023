"""Sensitivity of the derived figures to the assumptions the notebooks make.

Small pure functions: numbers in, a tidy DataFrame or a number out. The article
leaves open whether the 200 mu of organic barley lie inside the 1,500 mu of
high-quality barley, and who pays what share of the 44-million-yuan processing
base; each function spells out what a reader gets under each reading. (The
per-capita increase of 4,000 yuan a month is not multiplied by any head count:
its sentence names no one.)

>>> land = land_scenarios(1500, 200, supply_cny=600000, county_mu=116600)
>>> float(land.loc["inside", "total_mu"])
1500.0
"""

from collections.abc import Iterable

import pandas as pd

__all__ = [
    "cost_share_table",
    "land_scenarios",
]


def _positive(name: str, value: float) -> None:
    if not value > 0:
        raise ValueError(f"{name} must be a positive number, got {value!r}; "
                         "pass the figure in base units (yuan, mu, months).")


def land_scenarios(high_quality_mu: float, organic_mu: float, *,
                   supply_cny: float, county_mu: float) -> pd.DataFrame:
    """Compare the two readings of the Hema village's 1,500 mu and 200 mu.

    ``separate``: the organic land is in addition to the high-quality land;
    ``inside``: it is part of it. For each reading: total land in mu, the supply
    value per mu, the organic share and the share of the county's barley area.

    >>> land_scenarios(1500, 200, supply_cny=600000, county_mu=116600).round(2)
                total_mu  supply_cny_per_mu  organic_share_pct  county_share_pct
    reading
    separate      1700.0             352.94              11.76              1.46
    inside        1500.0             400.00              13.33              1.29
    >>> land_scenarios(1500, 2000, supply_cny=1, county_mu=1)
    Traceback (most recent call last):
    ValueError: organic_mu (2000) cannot lie inside high_quality_mu (1500); ...
    """
    for name, value in (("high_quality_mu", high_quality_mu),
                        ("organic_mu", organic_mu), ("county_mu", county_mu)):
        _positive(name, value)
    if organic_mu > high_quality_mu:
        raise ValueError(f"organic_mu ({organic_mu}) cannot lie inside "
                         f"high_quality_mu ({high_quality_mu}); check the order "
                         "of the arguments.")
    totals = {"separate": high_quality_mu + organic_mu, "inside": high_quality_mu}
    table = pd.DataFrame({
        "total_mu": [float(t) for t in totals.values()],
        "supply_cny_per_mu": [supply_cny / t for t in totals.values()],
        "organic_share_pct": [organic_mu / t * 100 for t in totals.values()],
        "county_share_pct": [t / county_mu * 100 for t in totals.values()],
    }, index=pd.Index(list(totals), name="reading"))
    return table


def cost_share_table(total_cny: float, *, shares_pct: Iterable[float]) -> pd.DataFrame:
    """Compute one investor's outlay for each assumed share of a joint investment.

    >>> cost_share_table(44e6, shares_pct=[0, 50, 100])
       share_pct  outlay_cny
    0          0         0.0
    1         50  22000000.0
    2        100  44000000.0
    >>> cost_share_table(44e6, shares_pct=[120])
    Traceback (most recent call last):
    ValueError: shares_pct must lie between 0 and 100, got [120]; ...
    """
    shares = list(shares_pct)
    _positive("total_cny", total_cny)
    bad = [s for s in shares if not 0 <= s <= 100]
    if bad:
        raise ValueError(f"shares_pct must lie between 0 and 100, got {bad}; "
                         "give percentages, not fractions above 1.")
    return pd.DataFrame({"share_pct": shares,
                         "outlay_cny": [total_cny * s / 100 for s in shares]})
