"""The conda/Binder environment and the pip lock pin the same packages."""

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _lock() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements" / "lock.txt").read_text().splitlines():
        if line and not line.startswith("#"):
            name, version = line.split("==")
            pins[name.lower()] = version
    return pins


def test_lock_pins_every_package_exactly():
    lines = [ln for ln in (ROOT / "requirements" / "lock.txt").read_text().splitlines()
             if ln and not ln.startswith("#")]
    assert lines and all(re.fullmatch(r"[A-Za-z0-9._-]+==[0-9][^=\s]*", ln)
                         for ln in lines)


def test_direct_requirements_are_in_the_lock_at_the_same_version():
    lock = _lock()
    for line in (ROOT / "requirements" / "direct.txt").read_text().splitlines():
        if line and not line.startswith("#"):
            name, version = line.split("==")
            assert lock[name.lower()] == version, name


def test_environment_yml_matches_the_lock():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert "conda-forge" in env["channels"]
    assert "python=3.11" in env["dependencies"]
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    pinned = dict(line.split("==") for line in pip if "==" in line)
    assert {k.lower(): v for k, v in pinned.items()} == _lock()
    assert "-e ." in pip


def test_pyproject_runtime_dependencies_are_locked():
    text = (ROOT / "pyproject.toml").read_text()
    block = text.split("dependencies = [", 1)[1].split("]", 1)[0]
    names = re.findall(r'"([A-Za-z0-9_.-]+)[<>=]', block)
    assert names and all(n.lower() in _lock() for n in names)
