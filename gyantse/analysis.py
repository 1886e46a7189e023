"""The readings the article leaves open, side by side, from the derived dataset.

The article leaves open whether the 200 mu of organic barley lie inside the 1,500 mu
of high-quality barley, and who pays what share of the 44-million-yuan processing
base. Every figure of each reading is a row of ``derived`` (computed by its formula
there, never here); these functions only arrange them, or sweep a share that the
article does not give. (The per-capita increase of 4,000 yuan a month is not
multiplied by any head count: its sentence names no one.)

>>> land_scenarios().loc["inside", "total_mu"]
np.float64(1500.0)
"""

from collections.abc import Iterable

import pandas as pd

__all__ = [
    "LAND_READINGS",
    "cost_share_table",
    "land_scenarios",
]

#: For each reading of the Hema village's land, the derived_id of each measure.
LAND_READINGS = {
    "separate": {"total_mu": "der_hema_land_total_mu",
                 "supply_cny_per_mu": "der_hema_supply_value_per_mu",
                 "organic_share_pct": "der_hema_organic_share_pct",
                 "county_share_pct": "der_hema_land_share_of_gyantse_barley_2024_pct"},
    "inside": {"total_mu": "der_hema_land_total_mu_inside",
               "supply_cny_per_mu": "der_hema_supply_value_per_mu_inside",
               "organic_share_pct": "der_hema_organic_share_inside_pct",
               "county_share_pct":
                   "der_hema_land_share_of_gyantse_barley_2024_inside_pct"},
}


def _positive(name: str, value: float) -> None:
    if not value > 0:
        raise ValueError(f"{name} must be a positive number, got {value!r}; "
                         "pass the total in yuan.")


def land_scenarios(derived: pd.DataFrame | None = None) -> pd.DataFrame:
    """Compare the two readings of the Hema village's 1,500 mu and 200 mu.

    ``separate``: the organic land is in addition to the high-quality land;
    ``inside``: it is part of it. For each reading: total land in mu, the supply
    value per mu, the organic share and the share of the county's barley area, as
    ``derived`` (default ``gyantse.load("derived", index=True)``) gives them.

    >>> land_scenarios().round(2)  # doctest: +NORMALIZE_WHITESPACE
              total_mu  supply_cny_per_mu  organic_share_pct  county_share_pct
    reading
    separate    1700.0             352.94              11.76              1.46
    inside      1500.0             400.00              13.33              1.29
    """
    if derived is None:
        from gyantse.datasets import load

        derived = load("derived", index=True)
    values = derived["value"].astype(float)
    table = pd.DataFrame.from_dict(
        {reading: {measure: values[i] for measure, i in ids.items()}
         for reading, ids in LAND_READINGS.items()}, orient="index")
    return table.rename_axis("reading")


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
                         "give each share as a percentage from 0 to 100.")
    return pd.DataFrame({"share_pct": shares,
                         "outlay_cny": [total_cny * s / 100 for s in shares]})
