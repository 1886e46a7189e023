"""The installed package: a wheel built from this checkout works from anywhere.

The wheel is built offline with the pinned setuptools (no build isolation, no
index), installed without dependencies into a fresh virtual environment whose
dependencies come from the project's environment through a ``.pth`` file, and used
from another folder. Every path it reads must lie inside that environment.
"""

import hashlib
import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

import gyantse
from gyantse import config, typeface

# Files of the checkout that a wheel is built from (the rest is not packaged).
_SOURCES = ("pyproject.toml", "README.md", "LICENSE", "gyantse", "data/raw",
            "data/processed")


def _offline_environment(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("PIP_", "PYTHON", "GYANTSE_"))}
    env.update(PIP_CONFIG_FILE=os.devnull, PIP_NO_INDEX="1",
               PIP_DISABLE_PIP_VERSION_CHECK="1", **extra)
    return env


def _run(command, cwd, env=None, check=True):
    result = subprocess.run(command, cwd=cwd, env=env or _offline_environment(),
                            capture_output=True, text=True, timeout=300, check=False)
    if check:
        assert result.returncode == 0, (command, result.stdout, result.stderr)
    return result


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    """Build the wheel from a copy of the checkout's packaged files."""
    source = tmp_path_factory.mktemp("source")
    for name in _SOURCES:
        origin = config.ROOT / name
        if origin.is_dir():
            shutil.copytree(origin, source / name,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(origin, source / name)
    dist = tmp_path_factory.mktemp("dist")
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
          "--no-index", "--wheel-dir", str(dist), str(source)], cwd=source)
    (built,) = dist.glob("gyantse-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory):
    """A fresh virtual environment with the wheel installed; its python."""
    venv = tmp_path_factory.mktemp("venv")
    _run([sys.executable, "-m", "venv", "--without-pip", str(venv)], cwd=venv)
    python = venv / "bin" / "python"
    site_packages = Path(_run([str(python), "-c", "import sysconfig; "
                               "print(sysconfig.get_paths()['purelib'])"],
                              cwd=venv).stdout.strip())
    # the wheel alone, then the project's dependencies after it on sys.path
    _run([sys.executable, "-m", "pip", "install", "--no-deps", "--no-index",
          "--target", str(site_packages), str(wheel)], cwd=venv)
    ours = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (site_packages / "zz_project_dependencies.pth").write_text(
        "".join(f"{p}\n" for p in sorted(ours)), encoding="utf-8")
    return python, site_packages


_USE = r"""
import hashlib, json, sys
opened = []
checkout, environment = sys.argv[1], sys.argv[2]
def audit(event, args):
    if event == "open" and isinstance(args[0], str) and args[0].startswith(checkout):
        if not args[0].startswith(environment):
            opened.append(args[0])
sys.addaudithook(audit)

import gyantse
from gyantse import config

frames = {name: gyantse.load(name) for name in gyantse.datasets()}
article = gyantse.article()
record = gyantse.source()
claims = frames["claims"].set_index("claim_id")
row = claims.loc["shajuan_coop_income_increase"]
print(json.dumps({
    "module": gyantse.__file__,
    "in_checkout": config.IN_CHECKOUT,
    "data_dir": str(config.DATA_DIR),
    "rows": {name: len(frame) for name, frame in frames.items()},
    "csv": {name: frame.to_csv(index=False) for name, frame in frames.items()},
    "article_sha256": hashlib.sha256(article.text.encode()).hexdigest(),
    "quote_at_span": article.text[int(row.char_start):int(row.char_end)] == row.quote,
    "title": record.title_zh,
    "attribution": record.attribution_line,
    "opened_in_checkout": opened,
}))
"""


def _use(python, site_packages, elsewhere):
    result = _run([str(python), "-I", "-c", _USE, str(config.ROOT),
                   str(Path(sys.prefix).resolve())], cwd=elsewhere)
    return json.loads(result.stdout)


def test_wheel_carries_the_datasets_the_article_and_its_record(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {f"gyantse/data/processed/{p.name}"
                for p in config.PROCESSED_DIR.iterdir()}
    expected |= {"gyantse/data/raw/article.txt", "gyantse/data/raw/sources.yml",
                 "gyantse/fonts/OFL.txt"}
    expected |= {f"gyantse/fonts/{p.name}" for p in typeface.FILES.values()}
    assert expected <= names, sorted(expected - names)
    # one copy, in the repository: the wheel's files are the checkout's, byte for byte
    with zipfile.ZipFile(wheel) as archive:
        for path in config.PROCESSED_DIR.iterdir():
            shipped = archive.read(f"gyantse/data/processed/{path.name}")
            assert shipped == path.read_bytes(), path.name
        assert archive.read("gyantse/data/raw/article.txt") == \
            config.RAW_ARTICLE.read_bytes()
    assert not any(n.startswith(("gyantse/data/annotations", "notebooks/", "tests/"))
                   for n in names)


def test_installed_package_loads_every_dataset_from_another_folder(installed,
                                                                   tmp_path):
    python, site_packages = installed
    used = _use(python, site_packages, tmp_path)
    assert Path(used["module"]).is_relative_to(site_packages)
    assert used["in_checkout"] is False
    assert Path(used["data_dir"]) == site_packages / "gyantse" / "data"
    assert used["opened_in_checkout"] == []  # nothing read from the checkout
    assert sorted(used["rows"]) == sorted(gyantse.datasets())
    for name in gyantse.datasets():
        assert used["csv"][name] == gyantse.load(name).to_csv(index=False), name
    assert used["article_sha256"] == hashlib.sha256(
        gyantse.article().text.encode()).hexdigest()
    assert used["quote_at_span"] is True
    assert used["title"] == gyantse.source().title_zh
    assert "中国西藏网" in used["attribution"]


def _command(python, elsewhere, *args, block=()):
    code = ("import sys\n"
            f"for name in {list(block)!r}: sys.modules[name] = None\n"
            "from gyantse.__main__ import main\n"
            f"sys.exit(main({list(args)!r}))\n")
    return _run([str(python), "-I", "-c", code], cwd=elsewhere, check=False)


def _one_line(result):
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1
    return result.stderr.removeprefix("error: ").strip()


def test_installed_site_command_without_its_extra_names_the_extra(installed,
                                                                  tmp_path):
    python, _ = installed
    message = _one_line(_command(python, tmp_path, "site",
                                 block=("nbconvert", "nbclient", "nbformat")))
    assert "needs nbconvert, nbclient, nbformat" in message
    assert "install it with pip install 'gyantse[site]'" in message


@pytest.mark.parametrize("command", ["data", "site", "notebooks"])
def test_installed_checkout_commands_say_they_need_a_checkout(installed, tmp_path,
                                                              command):
    python, site_packages = installed
    before = sorted(p.name for p in (site_packages / "gyantse" / "data").rglob("*"))
    message = _one_line(_command(python, tmp_path, command))
    assert "needs a checkout of the repository" in message
    assert "make data" not in message
    assert sorted(p.name for p in (site_packages / "gyantse" / "data").rglob("*")) \
        == before
    assert list(tmp_path.iterdir()) == []


def test_installed_messages_name_no_checkout_commands(installed, tmp_path):
    python, site_packages = installed
    damaged = tmp_path / "processed"
    shutil.copytree(site_packages / "gyantse" / "data" / "processed", damaged)
    (damaged / "claims.csv").write_bytes((damaged / "claims.csv").read_bytes()[:-300])
    code = ("import sys, gyantse\n"
            "from gyantse.provenance import read_raw\n"
            "for call in (lambda: gyantse.load('claims', sys.argv[1]),\n"
            "             lambda: read_raw(gyantse.config.RAW_DIR / 'gone.txt')):\n"
            "    try:\n"
            "        call()\n"
            "    except gyantse.GyantseError as exc:\n"
            "        print(exc)\n")
    result = _run([str(python), "-I", "-c", code, str(damaged)], cwd=tmp_path)
    messages = result.stdout.strip().split("\n")
    assert len(messages) == 2
    for message in messages:
        assert "reinstall the package" in message
        assert "make data" not in message and "git checkout" not in message
