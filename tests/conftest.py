"""Shared test settings.

Property-based tests run a light pass by default; ``make fuzz`` sets
``GYANTSE_FUZZ_EXAMPLES`` for a deep one.
"""

import os

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "gyantse",
    max_examples=int(os.environ.get("GYANTSE_FUZZ_EXAMPLES", "200")),
    deadline=None,
    derandomize=not os.environ.get("GYANTSE_FUZZ_EXAMPLES"),
    suppress_health_check=[HealthCheck.too_slow],
    database=None,
)
settings.load_profile("gyantse")


@pytest.fixture(autouse=True)
def _private_execution_cache(tmp_path_factory, monkeypatch):
    """Tests run notebooks and cut fonts with caches of their own."""
    from gyantse import notebooks, typeface

    base = tmp_path_factory.getbasetemp()
    monkeypatch.setattr(notebooks, "CACHE_DIR", base / "execution-cache")
    monkeypatch.setattr(typeface, "CACHE_DIR", base / "font-cache")
