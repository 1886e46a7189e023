"""Benchmark gyantse on this machine and write bench/report.md.

Usage::

    .venv/bin/python bench/run.py                      # every part
    .venv/bin/python bench/run.py --only imports,loads  # some parts
    .venv/bin/python bench/run.py --runs 5              # medians of 5 runs

Parts: imports, loads, build, floor, notebooks, site, maketest, setup. Each part's
figures are stored in bench/out/results.json, and the report is made from the
latest figures of every part, so a partial run refreshes only what it measured.
Raw timings and logs go to bench/out/ (not committed).
"""

import argparse
import cProfile
import io
import json
import os
import platform
import pstats
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
OUT = ROOT / "bench" / "out"
LOGS = OUT / "logs"
RESULTS = OUT / "results.json"
REPORT = ROOT / "bench" / "report.md"
NOTEBOOKS = ROOT / "notebooks"
PARTS = ("imports", "loads", "build", "floor", "notebooks", "nbformat", "site",
         "maketest", "setup")
PYTEST_NB = ["--nbval", "--nbval-current-env", "--sanitize-with",
             "notebooks/sanitize.cfg"]

# Targets: (limit, direction) where direction says which side passes.
NOTEBOOK_VS_FLOOR = 1.3
SERIAL_SPEED_UP = 1.5
IMPORT_VS_PANDAS = 1.1
LOAD_LIMIT_MS = 10.0


# ----------------------------------------------------------------------------------
# Running and timing


def environment() -> dict[str, str]:
    """Return the Makefile's environment: stable cell names, no MPLBACKEND."""
    env = dict(os.environ)
    env["IPYKERNEL_CELL_NAME"] = "<IPY-INPUT>"
    env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
    env.pop("MPLBACKEND", None)
    env.pop("PYTEST_ADDOPTS", None)
    return env


def shown(command: list[str]) -> str:
    """Show a command as the report does: paths relative to the repository."""
    words = []
    for word in command:
        text = str(word)
        if text == sys.executable:
            text = ".venv/bin/python"
        text = text.replace(str(ROOT) + "/", "").replace(str(ROOT), "<repo>")
        text = re.sub(re.escape(tempfile.gettempdir()) + r"/gyantse-bench-[^/ ]+",
                      "<tmp>", text)
        words.append(text)
    return " ".join(words)


QUIET = {"limit_s": 0.0, "waited_s": 0.0, "busy_runs": 0, "repeated": 0}
ATTEMPTS = 4  # a run disturbed by another program is repeated, up to this often


def _cpu_seconds() -> tuple[float, float]:
    """CPU time used so far by the whole machine and by this process's children."""
    try:
        fields = [int(v) for v in Path("/proc/stat").read_text().split("\n")[0]
                  .split()[1:8]]
        machine = (sum(fields) - fields[3] - fields[4]) / os.sysconf("SC_CLK_TCK")
    except OSError:
        machine = 0.0
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return machine, children.ru_utime + children.ru_stime


def _busy_fraction(seconds: float = 1.0) -> float:
    """Fraction of all cores busy over ``seconds`` (from /proc/stat)."""
    def sample():
        fields = [int(v) for v in Path("/proc/stat").read_text().split("\n")[0]
                  .split()[1:]]
        return fields[3] + fields[4], sum(fields)  # idle + iowait, total

    try:
        idle0, total0 = sample()
        time.sleep(seconds)
        idle1, total1 = sample()
    except OSError:
        return 0.0
    return 1 - (idle1 - idle0) / max(total1 - total0, 1)


def wait_for_quiet() -> None:
    """Before a timed run, wait (up to the limit) until nothing else uses the CPU.

    Between runs none of the benchmark's own processes are alive, so a busy CPU
    means another program; its work would otherwise be timed as ours.
    """
    if QUIET["limit_s"] <= 0:
        return
    start = time.monotonic()
    while _busy_fraction() > 0.15:
        if time.monotonic() - start > QUIET["limit_s"]:
            QUIET["busy_runs"] += 1
            break
    QUIET["waited_s"] += time.monotonic() - start


def run(command: list[str], log: str, *, cwd: Path = ROOT,
        env: dict[str, str] | None = None, repeat: bool = True) -> tuple[float, int]:
    """Run ``command``, keep its output in bench/out/logs, return (seconds, code).

    With ``--wait-idle``, a run during which other programs used more than half a
    CPU-second (plus 5 % of the run) beyond the run's own processes is repeated.
    """
    LOGS.mkdir(parents=True, exist_ok=True)
    for attempt in range(1, ATTEMPTS + 1):
        wait_for_quiet()
        with open(LOGS / f"{log}.log", "w", encoding="utf-8") as handle:
            handle.write(f"$ {shown(command)}\n")
            handle.flush()
            machine, ours = _cpu_seconds()
            start = time.perf_counter()
            done = subprocess.run([str(c) for c in command], cwd=cwd,
                                  env=env or environment(), stdout=handle,
                                  stderr=subprocess.STDOUT, check=False)
            seconds = time.perf_counter() - start
            machine_after, ours_after = _cpu_seconds()
        foreign = (machine_after - machine) - (ours_after - ours)
        disturbed = foreign > 0.5 + 0.05 * seconds
        if not (repeat and disturbed and QUIET["limit_s"] > 0) or attempt == ATTEMPTS:
            break
        QUIET["repeated"] += 1
        print(f"  ({log}: other programs used {foreign:.1f} CPU-s; again)", flush=True)
    return seconds, done.returncode


def timed(command: list[str], name: str, runs: int, *, display: str | None = None,
          **kwargs) -> dict:
    """Median wall time of ``runs`` runs of ``command`` (``kwargs`` go to run)."""
    times, codes = [], []
    for number in range(1, runs + 1):
        seconds, code = run(command, f"{name}-{number}", **kwargs)
        times.append(seconds)
        codes.append(code)
        print(f"  {name} run {number}/{runs}: {seconds:.2f} s"
              + ("" if code == 0 else f" (exit {code})"), flush=True)
    return {"median_s": statistics.median(times), "runs_s": times, "exit": codes,
            "command": display or shown(command)}


def notebook_files() -> list[Path]:
    """Return the notebooks that the notebook runners would run."""
    return sorted(NOTEBOOKS.glob("*.ipynb"))


def cores() -> int:
    """Return the number of cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


# ----------------------------------------------------------------------------------
# Parts: each returns a dict of figures that the report reads


def part_imports(args) -> dict:
    """``import gyantse`` vs ``import pandas``, each in a fresh interpreter."""
    wall = {"gyantse": [], "pandas": []}
    self_reported = {"gyantse": [], "pandas": []}
    for _ in range(args.import_runs):
        wait_for_quiet()
        for module in ("pandas", "gyantse"):  # alternate, so drift hits both alike
            start = time.perf_counter()
            subprocess.run([sys.executable, "-c", f"import {module}"], cwd=ROOT,
                           env=environment(), check=True)
            wall[module].append(time.perf_counter() - start)
            done = subprocess.run([sys.executable, "-X", "importtime", "-c",
                                   f"import {module}"], cwd=ROOT, env=environment(),
                                  capture_output=True, text=True, check=True)
            self_reported[module].append(_importtime(done.stderr)[module][1])
    gyantse_only = _import_difference()
    return {
        "runs": args.import_runs,
        "wall_ms": {m: statistics.median(t) * 1000 for m, t in wall.items()},
        "importtime_ms": {m: statistics.median(t) / 1000
                          for m, t in self_reported.items()},
        "gyantse_only": gyantse_only,
        "command": "python -c 'import gyantse' vs python -c 'import pandas', "
                   "fresh interpreter each, alternating",
    }


def _importtime(stderr: str) -> dict[str, tuple[int, int]]:
    """Map module to (self µs, cumulative µs) from ``-X importtime`` output."""
    found = {}
    for line in stderr.splitlines():
        match = re.match(r"import time:\s+(\d+) \|\s+(\d+) \| (\s*)(\S+)", line)
        if match:
            found.setdefault(match[4], (int(match[1]), int(match[2])))
    return found


def _import_difference() -> list[tuple[str, float]]:
    """Modules that ``import gyantse`` loads beyond pandas, by median self time."""
    samples = defaultdict(list)
    pandas_modules = set()
    for _ in range(5):
        for module in ("pandas", "gyantse"):
            done = subprocess.run([sys.executable, "-X", "importtime", "-c",
                                   f"import {module}"], cwd=ROOT, env=environment(),
                                  capture_output=True, text=True, check=True)
            table = _importtime(done.stderr)
            if module == "pandas":
                pandas_modules |= set(table)
            else:
                for name, (own, _) in table.items():
                    samples[name].append(own)
    extra = [(name, statistics.median(t) / 1000) for name, t in samples.items()
             if name not in pandas_modules]
    return sorted(extra, key=lambda item: -item[1])[:15]


def part_loads(args) -> dict:
    """Warm ``gyantse.load(name)`` per dataset, median over many calls."""
    import gyantse

    figures = {}
    for name in gyantse.datasets():
        gyantse.load(name)
        times = []
        for _ in range(args.load_calls):
            start = time.perf_counter()
            gyantse.load(name)
            times.append(time.perf_counter() - start)
        figures[name] = statistics.median(times) * 1000
    slowest = max(figures, key=figures.get)
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(args.load_calls):
        gyantse.load(slowest)
    profile.disable()
    text = io.StringIO()
    pstats.Stats(profile, stream=text).sort_stats("tottime").print_stats(8)
    return {"calls": args.load_calls, "ms": figures, "slowest": slowest,
            "profile": _trim_profile(text.getvalue()),
            "command": f"gyantse.load(name), warm, median of {args.load_calls} calls"}


def _trim_profile(text: str) -> str:
    lines = [line.rstrip() for line in text.splitlines()]
    start = next((i for i, line in enumerate(lines) if "ncalls" in line), 0)
    body = [line.replace(str(ROOT) + "/", "") for line in lines[start:] if line]
    return "\n".join(re.sub(r"\S*/site-packages/", "", line) for line in body)


def part_build(args) -> dict:
    """Rebuilding the datasets: warm in this process, and in a fresh interpreter."""
    from gyantse.build import build

    with tempfile.TemporaryDirectory(prefix="gyantse-bench-") as tmp:
        build(out_dir=Path(tmp) / "warm-up")
        times = []
        for number in range(args.runs):
            start = time.perf_counter()
            build(out_dir=Path(tmp) / f"processed-{number}")
            times.append(time.perf_counter() - start)
        cold = timed([sys.executable, "-c", "import sys; from gyantse.build import "
                      "build; build(out_dir=sys.argv[1])", f"{tmp}/cold"],
                     "build-cold", args.runs)
    return {"warm_s": statistics.median(times), "runs_s": times, "cold": cold,
            "command": "gyantse.build.build(out_dir=tmp)"}


def part_floor(args) -> dict:
    """Time a kernel start, ``import pandas, matplotlib.pyplot`` and a shutdown."""
    from jupyter_client.manager import start_new_kernel

    os.environ["IPYKERNEL_CELL_NAME"] = "<IPY-INPUT>"
    os.environ["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
    os.environ.pop("MPLBACKEND", None)
    times = []
    for number in range(max(args.runs, 5)):
        wait_for_quiet()
        start = time.perf_counter()
        manager, client = start_new_kernel(kernel_name="python3", startup_timeout=120,
                                           cwd=str(NOTEBOOKS))
        try:
            reply = client.execute_interactive("import pandas, matplotlib.pyplot",
                                               timeout=300, output_hook=lambda _: None)
            assert reply["content"]["status"] == "ok", reply["content"]
        finally:
            client.stop_channels()
            manager.shutdown_kernel()
        times.append(time.perf_counter() - start)
        print(f"  floor run {number + 1}: {times[-1]:.2f} s", flush=True)
    return {"median_s": statistics.median(times), "runs_s": times, "cores": cores(),
            "command": "jupyter_client.start_new_kernel('python3'); execute "
                       "'import pandas, matplotlib.pyplot'; shutdown_kernel()"}


# jsonschema, which nbformat imports, imports rfc3987_syntax when the GPL package
# rfc3987 is absent; rfc3987_syntax builds dozens of Lark parsers as it is imported.
# A module of that name that raises ImportError, first on PYTHONPATH, makes
# jsonschema skip it, as installing rfc3987 would.
_LEAVE_OUT = 'raise ImportError("left out to measure its import cost")\n'


def interleaved(commands: dict[str, tuple[list, dict]], runs: int) -> dict:
    """Time several commands round-robin, so drift in the machine hits all alike.

    ``commands`` maps a name to (command, options for :func:`run`); returns the
    median figures per name, as :func:`timed` does.
    """
    times = {name: [] for name in commands}
    codes = {name: [] for name in commands}
    for number in range(1, runs + 1):
        for name, (command, options) in commands.items():
            seconds, code = run(command, f"{name}-{number}", **options)
            times[name].append(seconds)
            codes[name].append(code)
            print(f"  {name} run {number}/{runs}: {seconds:.2f} s"
                  + ("" if code == 0 else f" (exit {code})"), flush=True)
    return {name: {"median_s": statistics.median(times[name]),
                   "runs_s": times[name], "exit": codes[name],
                   "command": shown([c for c in command
                                     if not str(c).startswith("--junitxml")])}
            for name, (command, _) in commands.items()}


def _without_rfc3987_syntax(folder: str) -> dict[str, str]:
    """Return an environment in which ``import rfc3987_syntax`` fails."""
    (Path(folder) / "rfc3987_syntax.py").write_text(_LEAVE_OUT, encoding="utf-8")
    return environment() | {"PYTHONPATH": folder}


def part_notebooks(args) -> dict:
    """Time the project's notebook step and other ways to run the notebooks.

    Also times the step and serial nbval with jsonschema's IRI checker left out,
    to show what importing rfc3987_syntax costs (see :data:`_LEAVE_OUT`).
    """
    paths = notebook_files()
    if not paths:
        return {"skipped": "no notebooks in notebooks/ yet"}
    names = [p.relative_to(ROOT).as_posix() for p in paths]
    pytest = [sys.executable, "-m", "pytest", "-q"]
    junit = OUT / "notebooks-junit.xml"
    project = [*pytest, "-n", "2", "--dist", "loadscope", *PYTEST_NB, "notebooks/"]
    serial = [*pytest, "--nbval", "--nbval-current-env", "notebooks/"]
    # one untimed run first: byte-compiled files and font caches are then in place
    run(project, "nb-warm-up", repeat=False)
    with tempfile.TemporaryDirectory(prefix="gyantse-bench-") as tmp:
        without = {"env": _without_rfc3987_syntax(tmp)}
        figures = interleaved({
            "project": ([*project, f"--junitxml={junit}"], {}),
            "serial_nbval": (serial, {}),
            "nbmake": ([*pytest, "--nbmake", "notebooks/"], {}),
            "nbconvert": ([BIN / "jupyter", "nbconvert", "--to", "notebook",
                           "--execute", "--output-dir", f"{tmp}/out", *names], {}),
            "collect": ([*project, "--collect-only"], {}),
            "project_without": (project, without),
            "serial_without": (serial, without),
            "collect_without": ([*project, "--collect-only"], without),
        }, args.runs)
    figures["notebooks"] = [p.name for p in paths]
    figures["per_notebook_s"] = _junit_by_file(junit)
    figures["timeline"] = timeline(project, "nb-project-timeline")
    figures["serial_timeline"] = timeline(serial, "nb-serial-timeline")
    return figures


# A pytest plugin that writes when each process reaches each phase of a run.
_TIMELINE_PLUGIN = """
import json, os, time

def _note(event):
    with open(os.environ["GYANTSE_BENCH_TIMELINE"], "a", encoding="utf-8") as out:
        out.write(json.dumps([time.time(), os.environ.get("PYTEST_XDIST_WORKER",
                                                          "controller"), event]))
        out.write("\\n")

def pytest_configure(config):
    _note("configured")

def pytest_collection_finish(session):
    _note("collected")

def pytest_runtest_logstart(nodeid, location):
    _note("item started")

def pytest_runtest_logfinish(nodeid, location):
    _note("item finished")

def pytest_unconfigure(config):
    _note("unconfigured")
"""


def timeline(command: list[str], log: str) -> dict[str, float]:
    """Run ``command`` once and return when (s after launch) each phase was reached."""
    with tempfile.TemporaryDirectory(prefix="gyantse-bench-") as tmp:
        (Path(tmp) / "gyantse_bench_timeline.py").write_text(_TIMELINE_PLUGIN,
                                                            encoding="utf-8")
        events = Path(tmp) / "events.jsonl"
        env = environment() | {"PYTHONPATH": tmp,
                               "GYANTSE_BENCH_TIMELINE": str(events)}
        start = time.time()
        seconds, _ = run([*command, "-p", "gyantse_bench_timeline"], log, env=env)
        rows_ = [json.loads(line) for line in events.read_text().splitlines()]
    workers = [r for r in rows_ if r[1] != "controller"] or rows_
    items = [r[0] for r in workers if r[2].startswith("item")]

    def first(who, event):
        return min(r[0] for r in rows_ if who(r[1]) and r[2] == event) - start

    return {
        "controller configured": first(lambda w: w == "controller", "configured"),
        "workers collected": max(r[0] for r in workers if r[2] == "collected") - start,
        "first cell started": min(items) - start if items else 0.0,
        "last cell finished": max(items) - start if items else 0.0,
        "workers finished": max(r[0] for r in workers if r[2] == "unconfigured")
        - start,
        "controller finished": first(lambda w: w == "controller", "unconfigured"),
        "process exited": seconds,
    }


def _junit_by_file(path: Path) -> dict[str, float]:
    """Sum the test time per notebook or test file of a JUnit XML report."""
    sums = defaultdict(float)
    if not path.exists():
        return {}
    for case in ET.parse(path).getroot().iter("testcase"):
        sums[_group(case)] += float(case.get("time", 0))
    return dict(sorted(sums.items()))


def _group(case: ET.Element) -> str:
    """Name the notebook or file a JUnit test case comes from, as a path."""
    name = case.get("file") or case.get("classname", "")
    if name.endswith(".ipynb"):  # nbval: "notebooks.01-name.ipynb"
        folder, _, stem = name.removesuffix(".ipynb").rpartition(".")
        return f"{folder.replace('.', '/')}/{stem}.ipynb"
    if name.endswith((".md", ".rst", ".txt")) or "/" in name or "." not in name:
        return name
    return name.replace(".", "/") + ".py"  # a module: "tests.test_site"


def part_nbformat(args) -> dict:
    """Time ``import nbformat`` as installed and with rfc3987_syntax left out."""
    figures = {}
    with tempfile.TemporaryDirectory(prefix="gyantse-bench-") as tmp:
        envs = {"as_installed": environment(),
                "without": _without_rfc3987_syntax(tmp)}
        times = {label: [] for label in envs}
        for _ in range(args.import_runs):
            wait_for_quiet()
            for label, env in envs.items():
                start = time.perf_counter()
                subprocess.run([sys.executable, "-c", "import nbformat"], cwd=ROOT,
                               env=env, check=True)
                times[label].append(time.perf_counter() - start)
    for label, values in times.items():
        figures[f"import_{label}_s"] = statistics.median(values)
    figures["runs"] = args.import_runs
    return figures


def part_site(args) -> dict:
    """``python -m gyantse site`` into a temporary folder (notebooks executed)."""
    if not (ROOT / "gyantse" / "site.py").exists():
        return {"skipped": "gyantse/site.py does not exist yet"}
    if not notebook_files():
        return {"skipped": "no notebooks in notebooks/ yet"}
    with tempfile.TemporaryDirectory(prefix="gyantse-bench-") as tmp:
        figures = timed([sys.executable, "-m", "gyantse", "site", "--out",
                         f"{tmp}/site"], "site", args.runs)
        figures["stored"] = timed(
            [sys.executable, "-c", "import sys; from gyantse.site import build_site; "
             "build_site(sys.argv[1], execute=False)", f"{tmp}/stored"],
            "site-stored", args.runs)
    return figures


def part_maketest(args) -> dict:
    """Warm ``make test`` as a whole, then its parts, to see what dominates."""
    junit = OUT / "maketest-junit.xml"
    env = environment() | {"PYTEST_ADDOPTS": f"--junitxml={junit}"}
    # Chromium's processes outlive their parent, so their CPU time cannot be told
    # from another program's: runs that start Chromium are not repeated
    figures = {"whole": timed(["make", "test"], "maketest", args.maketest_runs,
                              env=env, display="make test", repeat=False)}
    figures["by_file_s"] = _junit_by_file(junit)
    figures["case_s"] = dict(_slowest(junit, None))
    figures["slowest"] = _slowest(junit, 12)
    figures["make_noop"] = timed(["make", "setup"], "make-noop", args.runs)
    figures["ruff"] = timed([BIN / "ruff", "check", "gyantse", "tests"], "ruff",
                            args.runs)
    paths = ["tests", "gyantse"] + (["README.md"] if (ROOT / "README.md").exists()
                                    else [])
    pytest = [sys.executable, "-m", "pytest", "-q", "-n", "2", "--dist", "loadscope",
              *PYTEST_NB]
    figures["collect"] = timed([*pytest, "--collect-only"], "maketest-collect",
                               args.runs)
    figures["unit"] = timed([*pytest, *paths], "maketest-unit", args.maketest_runs,
                            repeat=False)
    if notebook_files():
        figures["notebooks"] = timed([*pytest, "notebooks/"], "maketest-notebooks",
                                     args.maketest_runs)
    return figures


def _slowest(path: Path, count: int | None) -> list[tuple[str, float]]:
    if not path.exists():
        return []
    cases = [(f"{_group(c)}::{c.get('name')}", float(c.get("time", 0)))
             for c in ET.parse(path).getroot().iter("testcase")]
    return sorted(cases, key=lambda item: -item[1])[:count]


def part_setup(args) -> dict:
    """Time a fresh clone and ``make setup`` with an empty pip cache.

    ``PIP_VERBOSE=1`` cancels the Makefile's ``--quiet``, so the log shows where
    each package came from: downloaded from an address, or read from disk.
    """
    with tempfile.TemporaryDirectory(prefix="gyantse-bench-") as tmp:
        clone = Path(tmp) / "clone"
        env = environment() | {"PIP_CACHE_DIR": f"{tmp}/pip-cache", "PIP_VERBOSE": "1"}
        cloned = timed(["git", "clone", "--quiet", f"file://{ROOT}", clone],
                       "setup-clone", 1, env=env)
        first = timed(["make", "setup"], "setup-cold", 1, cwd=clone, env=env)
        again = timed(["make", "setup"], "setup-again", 1, cwd=clone, env=env)
        size = sum(p.stat().st_size for p in (clone / ".venv").rglob("*")
                   if p.is_file() and not p.is_symlink())
    log = (LOGS / "setup-cold-1.log").read_text(encoding="utf-8", errors="replace")
    downloaded = len(re.findall(r"^\s*Downloading https?://", log, re.MULTILINE))
    from_disk = len(re.findall(r"^\s*(?:Processing|Downloading) (?:/|file:)", log,
                               re.MULTILINE))
    pip = subprocess.run([sys.executable, "-m", "pip", "config", "list"], cwd=ROOT,
                         capture_output=True, text=True, check=False).stdout
    sources = []
    for key, value in re.findall(r"^[\w:.]*?\.?([\w-]+)='([^']*)'", pip, re.MULTILINE):
        if key in ("index-url", "extra-index-url", "find-links"):
            kinds = {"on disk" if v.startswith(("file:", "/")) else "remote"
                     for v in value.split()}
            sources.append(f"{key} ({', '.join(sorted(kinds))})")
    return {"clone": cloned, "setup": first, "again": again,
            "venv_mb": size / 1e6, "pip_sources": sorted(set(sources)),
            "downloaded": downloaded, "from_disk": from_disk}


# ----------------------------------------------------------------------------------
# The report


def machine() -> dict:
    """Describe the machine, the interpreter, the packages and the commit."""
    cpu = ""
    try:
        cpu = next((line.split(":", 1)[1].strip()
                    for line in Path("/proc/cpuinfo").read_text().splitlines()
                    if line.startswith("model name")), "")
    except OSError:
        pass
    memory = ""
    try:
        kib = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text())[1])
        memory = f"{kib / 1024 / 1024:.1f} GiB"
    except (OSError, TypeError):
        pass
    system = platform.platform(terse=True)
    try:
        system = re.search(r'PRETTY_NAME="([^"]+)"',
                           Path("/etc/os-release").read_text())[1]
    except (OSError, TypeError):
        pass
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                            capture_output=True, text=True, check=False).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"],
                           cwd=ROOT, capture_output=True, text=True,
                           check=False).stdout.strip()
    from importlib.metadata import version

    packages = {}
    for name in ("pandas", "matplotlib", "ipykernel", "jupyter_client", "nbclient",
                 "nbval", "nbmake", "nbconvert", "pytest", "pytest-xdist"):
        try:
            packages[name] = version(name)
        except Exception:
            packages[name] = "missing"
    return {"cores": cores(), "cpu": cpu, "memory": memory, "os": system,
            "python": platform.python_version(),
            "commit": commit + (" with uncommitted changes" if dirty else ""),
            "packages": packages}


def _quiet_note(figures: dict) -> str:
    quiet, notes = figures.get("quiet", {}), []
    if quiet.get("repeated"):
        notes.append(f"{quiet['repeated']} disturbed runs repeated")
    if quiet.get("busy_runs"):
        notes.append(f"{quiet['busy_runs']} runs started while another program "
                     "was busy")
    return "".join(f"; {note}" for note in notes)


def _fmt_s(seconds: float) -> str:
    return f"{seconds:.2f} s"


def _ok(met: bool | None) -> str:
    return {True: "met", False: "**missed**", None: "—"}[met]


def _failed(figure: dict) -> str:
    bad = [c for c in figure.get("exit", []) if c != 0]
    if not bad:
        return ""
    return f" (exit {bad[0]} in {len(bad)} of {len(figure['exit'])} runs)"


def _paired_ratio(slow: dict, fast: dict) -> float:
    """Median of the ratios of runs made in the same round (see :func:`interleaved`).

    Drift in a shared machine moves both runs of a round alike, so the ratio of
    each pair is steadier than the ratio of the medians.
    """
    pairs = list(zip(slow.get("runs_s", []), fast.get("runs_s", []), strict=False))
    if not pairs:
        return slow["median_s"] / fast["median_s"]
    return statistics.median(a / b for a, b in pairs)


def rows(results: dict) -> list[tuple[str, str, str, str, str, str]]:
    """(figure, measured, target, ratio, met, command) for the table."""
    table = []
    floor = results.get("floor", {})
    books = results.get("notebooks", {})
    n_books = len(books.get("notebooks", [])) or len(notebook_files())
    floor_total = None
    if "median_s" in floor and n_books:
        floor_total = floor["median_s"] * n_books / floor["cores"]
        table.append(("Floor: kernel start + `import pandas, matplotlib.pyplot` + "
                      "shutdown, per notebook", _fmt_s(floor["median_s"]), "—",
                      f"× {n_books} notebooks ÷ {floor['cores']} cores = "
                      f"{floor_total:.2f} s", "—", floor["command"]))
    if "skipped" in books:
        table.append(("Notebook validation", f"skipped: {books['skipped']}", "", "",
                      "", ""))
    elif "project" in books:
        project = books["project"]["median_s"]
        ratio = project / floor_total if floor_total else None
        table.append((
            f"Notebook step (project), {n_books} notebooks",
            _fmt_s(project) + _failed(books["project"]),
            f"≤ {NOTEBOOK_VS_FLOOR} × floor",
            f"{ratio:.2f} × floor" if ratio else "no floor measured",
            _ok(ratio <= NOTEBOOK_VS_FLOOR if ratio else None),
            books["project"]["command"]))
        for key, label in (("serial_nbval", "Serial nbval"), ("nbmake", "nbmake"),
                           ("nbconvert", "nbconvert --execute")):
            other = books[key]["median_s"]
            speed_up = _paired_ratio(books[key], books["project"])
            is_target = key == "serial_nbval"
            table.append((
                label, _fmt_s(other) + _failed(books[key]),
                f"project step ≥ {SERIAL_SPEED_UP}× faster" if is_target else "—",
                f"project step {speed_up:.2f}× faster",
                _ok(speed_up >= SERIAL_SPEED_UP) if is_target else "—",
                books[key]["command"]))
    table += _nbformat_rows(results, floor_total)
    site = results.get("site", {})
    if "skipped" in site:
        table.append(("Site build", f"skipped: {site['skipped']}", "", "", "", ""))
    elif "median_s" in site:
        ratio = site["median_s"] / floor_total if floor_total else None
        table.append(("Site build (executes the notebooks)",
                      _fmt_s(site["median_s"]) + _failed(site), "— (reported)",
                      f"{ratio:.2f} × floor" if ratio else "no floor measured", "—",
                      site["command"]))
        if "stored" in site:
            table.append(("  the same from stored outputs (`execute=False`)",
                          _fmt_s(site["stored"]["median_s"])
                          + _failed(site["stored"]), "—",
                          f"{site['stored']['median_s'] / site['median_s']:.0%} of "
                          "the build", "—", site["stored"]["command"]))
    imports = results.get("imports", {})
    if "wall_ms" in imports:
        wall, own = imports["wall_ms"], imports["importtime_ms"]
        ratio = wall["gyantse"] / wall["pandas"]
        table.append((
            f"`import gyantse` vs `import pandas` (wall, median of {imports['runs']})",
            f"{wall['gyantse']:.0f} ms vs {wall['pandas']:.0f} ms",
            f"≤ {IMPORT_VS_PANDAS}×", f"{ratio:.2f}×",
            _ok(ratio <= IMPORT_VS_PANDAS), imports["command"]))
        table.append((
            "  same, as `-X importtime` reports it (no interpreter start)",
            f"{own['gyantse']:.0f} ms vs {own['pandas']:.0f} ms", "—",
            f"{own['gyantse'] / own['pandas']:.2f}×", "—", "python -X importtime"))
    loads = results.get("loads", {})
    if "ms" in loads:
        worst = max(loads["ms"].values())
        table.append((
            f"`gyantse.load(name)`, slowest of {len(loads['ms'])} "
            f"({loads['slowest']})", f"{worst:.2f} ms", f"every load < "
            f"{LOAD_LIMIT_MS:.0f} ms", f"{worst / LOAD_LIMIT_MS:.2f} × limit",
            _ok(worst < LOAD_LIMIT_MS), loads["command"]))
        for name, ms in loads["ms"].items():
            table.append((f"  load('{name}')", f"{ms:.2f} ms",
                          f"< {LOAD_LIMIT_MS:.0f} ms", "", _ok(ms < LOAD_LIMIT_MS),
                          ""))
    built = results.get("build", {})
    if "warm_s" in built:
        table.append(("Rebuild the datasets, warm (in-process)",
                      _fmt_s(built["warm_s"]), "—", "", "—", built["command"]))
        table.append(("Rebuild the datasets, fresh interpreter",
                      _fmt_s(built["cold"]["median_s"]), "—", "", "—",
                      built["cold"]["command"]))
    setup = results.get("setup", {})
    if "setup" in setup:
        table.append(("Cold set-up: `git clone`", _fmt_s(setup["clone"]["median_s"]),
                      "—", "", "—", setup["clone"]["command"]))
        table.append(("Cold set-up: `make setup` (empty pip cache)",
                      _fmt_s(setup["setup"]["median_s"]) + _failed(setup["setup"]),
                      "—", f".venv {setup['venv_mb']:.0f} MB", "—", "make setup"))
        table.append(("`make setup` again (nothing to do)",
                      _fmt_s(setup["again"]["median_s"]), "—", "", "—",
                      "make setup"))
    table += _maketest_rows(results.get("maketest", {}))
    return table


def _nbformat_rows(results: dict, floor_total: float | None) -> list[tuple]:
    """Rows of the runs with rfc3987_syntax left out, beside those as installed."""
    what_if, books = results.get("nbformat", {}), results.get("notebooks", {})
    rows_ = []
    if "import_as_installed_s" in what_if:
        rows_.append(("`import nbformat`, as installed vs without rfc3987_syntax",
                      f"{what_if['import_as_installed_s']:.2f} s vs "
                      f"{what_if['import_without_s']:.2f} s", "—", "", "—",
                      "python -c 'import nbformat'"))
    if "project_without" in books:
        project = books["project_without"]["median_s"]
        serial = books["serial_without"]["median_s"]
        speed_up = _paired_ratio(books["serial_without"], books["project_without"])
        ratio = project / floor_total if floor_total else None
        rows_ += [
            ("  pytest start-up + collection, 2 workers, without rfc3987_syntax",
             _fmt_s(books["collect_without"]["median_s"]), "—", "", "—",
             books["collect_without"]["command"]),
            ("  Notebook step without rfc3987_syntax",
             _fmt_s(project) + _failed(books["project_without"]),
             f"≤ {NOTEBOOK_VS_FLOOR} × floor",
             f"{ratio:.2f} × floor" if ratio else "", _ok(
                 ratio <= NOTEBOOK_VS_FLOOR if ratio else None),
             books["project_without"]["command"]),
            ("  Serial nbval without rfc3987_syntax",
             _fmt_s(serial) + _failed(books["serial_without"]),
             f"project step ≥ {SERIAL_SPEED_UP}× faster",
             f"project step {speed_up:.2f}× faster",
             _ok(speed_up >= SERIAL_SPEED_UP),
             books["serial_without"]["command"])]
    return rows_


# What each test of make test mostly spends its time on, by notebook, file and name.
CATEGORIES = (
    ("notebook execution (kernels)", r"\.ipynb::|re_execution|execute|kernel|"
                                     r"failing_notebook|failing_cell"),
    ("Chromium and the JupyterLab server", r"test_browser\.py|test_jupyterlab\.py"),
    ("site rendering", r"test_site\.py|rendered_site"),
    ("other tests", r""),
)


def categories(case_times: dict[str, float]) -> dict[str, float]:
    """Sum the test times per category (the first pattern that matches)."""
    sums = dict.fromkeys((label for label, _ in CATEGORIES), 0.0)
    for name, seconds in case_times.items():
        label = next(label for label, pattern in CATEGORIES
                     if re.search(pattern, name))
        sums[label] += seconds
    return sums


def _maketest_rows(make: dict) -> list[tuple]:
    """Rows of the warm ``make test``: the whole, its parts and what dominates."""
    if "whole" not in make:
        return []
    whole = make["whole"]["median_s"]
    table = [("Warm `make test`, whole", _fmt_s(whole) + _failed(make["whole"]), "—",
              "", "—", "make test")]
    parts = [("  ruff", "ruff"), ("  `make setup` with nothing to do", "make_noop"),
             ("  pytest start-up + collection, 2 workers", "collect"),
             ("  unit tests, doctests, site, browser (no notebooks/)", "unit"),
             ("  notebooks/ under nbval", "notebooks")]
    for label, key in parts:
        if key in make:
            table.append((label, _fmt_s(make[key]["median_s"]) + _failed(make[key]),
                          "—", f"{make[key]['median_s'] / whole:.0%} of whole", "—",
                          make[key]["command"]))
    shares = _shares(make)
    if shares:
        notebook, setup = shares["notebook execution (kernels)"], shares["set-up"]
        largest = max(shares, key=shares.get)
        for label, share in shares.items():
            table.append((f"  share of the whole: {label}", f"{share:.0%}", "—", "",
                          "—", ""))
        table.append(("  notebook execution vs set-up (share of the whole)",
                      f"{notebook:.0%} vs {setup:.0%}",
                      "notebook execution the largest part, not set-up",
                      f"{notebook / setup:.1f}× set-up; largest: {largest}",
                      _ok(largest.startswith("notebook") and notebook > setup),
                      "JUnit times of the whole run ÷ 2 workers"))
    return table


def _shares(make: dict) -> dict[str, float] | None:
    """Shares of the whole run's wall time by category, and of set-up.

    Test times are summed per category and spread over the 2 workers; set-up is
    ``make``'s own check, ruff, and pytest's start-up and collection with 2 workers.
    """
    if not make.get("case_s"):
        return None
    whole = make["whole"]["median_s"]
    shares = {label: seconds / 2 / whole
              for label, seconds in categories(make["case_s"]).items()}
    shares["set-up"] = sum(make[k]["median_s"]
                           for k in ("make_noop", "ruff", "collect")) / whole
    return shares


def write_report(results: dict, info: dict) -> str:
    """Return the Markdown report of the latest figures."""
    table = rows(results)
    lines = [
        "# Benchmarks",
        "",
        "Made by `make bench` (`.venv/bin/python bench/run.py`); raw timings and logs "
        "are in `bench/out/` (not committed). Medians of the runs stated.",
        "",
        f"Machine: {info['cores']} cores ({info['cpu'] or 'CPU model unknown'}), "
        f"{info['memory'] or 'memory unknown'}, {info['os']}, "
        f"Python {info['python']}; commit {info['commit']}.",
        "Packages: " + ", ".join(f"{k} {v}" for k, v in info["packages"].items())
        + ".",
        "",
        "Measured (UTC; 1-minute load average before → after, on "
        f"{info['cores']} cores): "
        + "; ".join(f"{part} {results[part]['when'][:-4]} "
                    f"({results[part].get('load_before', 0):.1f} → "
                    f"{results[part].get('load_after', 0):.1f}"
                    + _quiet_note(results[part]) + ")"
                    for part in PARTS if part in results) + ".",
        "",
        "| Figure | Measured | Target | Ratio | Met | Command |",
        "|---|---|---|---|---|---|",
    ]
    for figure, measured, target, ratio, met, command in table:
        command = f"`{command}`" if command else ""
        lines.append(f"| {figure} | {measured} | {target} | {ratio} | {met} | "
                     f"{command} |")
    lines += _details(results)
    return "\n".join(lines) + "\n"


def _details(results: dict) -> list[str]:
    lines = []
    books = results.get("notebooks", {})
    floor = results.get("floor", {})
    if books.get("per_notebook_s"):
        lines += ["", "## Notebook step: where the time goes", "",
                  "Per notebook, from the project step's JUnit report (nbval runs a "
                  "notebook's cells as one item each; the kernel start is part of the "
                  "first cell's time):", "",
                  "| Notebook | Cells run under nbval | Beyond the floor |",
                  "|---|---|---|"]
        for name, seconds in books["per_notebook_s"].items():
            beyond = seconds - floor["median_s"] if "median_s" in floor else None
            lines.append(f"| {name} | {_fmt_s(seconds)} | "
                         + (_fmt_s(beyond) if beyond is not None else "—") + " |")
        total = sum(books["per_notebook_s"].values())
        if books.get("timeline"):
            lines += ["", "One run of the step, phase by phase (seconds after launch):",
                      "", "| Phase | At |", "|---|---|"]
            lines += [f"| {phase} | {_fmt_s(at)} |"
                      for phase, at in books["timeline"].items()]
        lines += ["", f"Summed notebook time {_fmt_s(total)}; on "
                  f"{floor.get('cores', 2)} workers at best "
                  f"{_fmt_s(_makespan(books['per_notebook_s'], 2))} by whole "
                  "notebooks (`--dist loadscope` keeps a notebook on one worker); "
                  "pytest start-up and collection with 2 workers took "
                  f"{_fmt_s(books['collect']['median_s'])}."]
    imports = results.get("imports", {})
    if imports.get("gyantse_only"):
        lines += ["", "## What `import gyantse` loads beyond pandas", "",
                  "Median self time (`-X importtime`) of modules that "
                  "`import pandas` does not load, largest first:", "",
                  "| Module | Self time |", "|---|---|"]
        lines += [f"| {name} | {ms:.1f} ms |" for name, ms in imports["gyantse_only"]]
        extra = sum(ms for _, ms in imports["gyantse_only"])
        yaml_ms = sum(ms for name, ms in imports["gyantse_only"]
                      if name == "yaml" or name.startswith("yaml."))
        own = dict(imports["gyantse_only"])
        lines += ["", f"Top {len(imports['gyantse_only'])} together: {extra:.1f} ms. "
                  f"pyyaml ({yaml_ms:.1f} ms) is imported by gyantse.provenance at "
                  "module level, though only reading sources.yml needs it; "
                  f"gyantse.quantities ({own.get('gyantse.quantities', 0):.1f} ms) "
                  "builds and compiles its quantity pattern as it is imported. "
                  "Importing pyyaml inside the function that reads sources.yml, and "
                  "compiling the pattern on first use (a cached function), would "
                  "leave `import gyantse` within a few per cent of `import pandas`."]
    loads = results.get("loads", {})
    if loads.get("profile"):
        lines += ["", f"## Profile of `load('{loads['slowest']}')` "
                  f"({loads['calls']} calls, by own time)", "", "```",
                  loads["profile"], "```"]
    make = results.get("maketest", {})
    if make.get("by_file_s"):
        lines += ["", "## `make test`: summed test time by file (2 workers)", "",
                  "| File | Summed time |", "|---|---|"]
        for name, seconds in sorted(make["by_file_s"].items(), key=lambda i: -i[1]):
            lines.append(f"| {name} | {_fmt_s(seconds)} |")
        lines += ["", "Slowest tests:", ""]
        lines += [f"- {name}: {_fmt_s(seconds)}" for name, seconds in make["slowest"]]
    setup = results.get("setup", {})
    if "setup" in setup:
        lines += ["", "## Cold set-up", "",
                  f"`make setup` in a fresh clone with an empty pip cache: "
                  f"{setup['downloaded']} files downloaded over the network, "
                  f"{setup['from_disk']} read from disk. Besides PyPI, pip here "
                  "is configured with: "
                  + (", ".join(setup["pip_sources"]) or "nothing else") + "."]
    lines += _findings(results)
    notes = results.get("notes", {}).get("text")
    if notes:
        lines += ["", "## Notes", "", notes]
    return lines


def _findings(results: dict) -> list[str]:
    """Explain the notebook step's figures from the measured parts."""
    books, floor = results.get("notebooks", {}), results.get("floor", {})
    what_if = results.get("nbformat", {})
    if not (books.get("per_notebook_s") and "median_s" in floor):
        return []
    n_books, n_cores = len(books["per_notebook_s"]), floor["cores"]
    floor_total = floor["median_s"] * n_books / n_cores
    per = books["per_notebook_s"]
    makespan = _makespan(per, 2)
    beyond = statistics.mean(per.values()) - floor["median_s"]
    project = books["project"]["median_s"]
    lines = ["", "## Findings: the notebook step", "",
             f"- The floor for {n_books} notebooks on {n_cores} cores is "
             f"{floor_total:.2f} s; the step takes {project:.2f} s "
             f"({project / floor_total:.2f}×).",
             f"- The notebooks themselves: {sum(per.values()):.2f} s summed, at best "
             f"{makespan:.2f} s on 2 workers, already {makespan / floor_total:.2f}× "
             f"the floor: each notebook's cells do {beyond:.2f} s of work beyond a "
             "bare kernel with pandas and matplotlib (the slowest cells draw each "
             "notebook's first chart).",
             f"- pytest's start-up and collection with 2 workers take "
             f"{books['collect']['median_s']:.2f} s (`--collect-only`), "
             f"{books['collect']['median_s'] / floor_total:.2f}× the floor on "
             "their own."]
    phases = books.get("timeline")
    if phases:
        lines.append(
            f"- In the timed run the first cell started "
            f"{phases['first cell started']:.2f} s after launch (the controller "
            f"was ready at {phases['controller configured']:.2f} s, then the two "
            "workers started and collected), the cells ran for "
            f"{phases['last cell finished'] - phases['first cell started']:.2f} s, "
            f"and shutting down kernels, workers and the controller took another "
            f"{phases['process exited'] - phases['last cell finished']:.2f} s.")
    if "import_as_installed_s" in what_if:
        cost = what_if["import_as_installed_s"] - what_if["import_without_s"]
        lines.append(
            f"- Of that start-up, importing nbformat costs {cost:.2f} s more than it "
            "needs to, in the controller and in each worker: nbformat imports "
            "jsonschema, which imports rfc3987_syntax (installed for jsonschema's "
            "`format-nongpl` extra), and rfc3987_syntax builds dozens of Lark "
            "parsers as it is imported. Jupyter's own processes pay it too (the "
            "site's worker processes, nbconvert, the JupyterLab server).")
    if "project_without" in books:
        without = books["project_without"]["median_s"]
        serial = books["serial_without"]["median_s"]
        lines.append(
            f"- Without rfc3987_syntax the step takes {without:.2f} s "
            f"({without / floor_total:.2f}× the floor) and serial nbval "
            f"{serial:.2f} s (the step "
            f"{_paired_ratio(books['serial_without'], books['project_without']):.2f}× "
            "faster, median of the rounds' ratios). "
            "Installing the regex-based `rfc3987` package (GPL-3.0) makes "
            "jsonschema skip rfc3987_syntax; so would a jsonschema that imports "
            "it lazily.")
    serial_phases = books.get("serial_timeline")
    if phases and serial_phases:
        def split(p):
            cells = p["last cell finished"] - p["first cell started"]
            return (p["first cell started"], cells,
                    p["process exited"] - p["last cell finished"])

        (a, b, c), (d, e, f) = split(serial_phases), split(phases)
        lines.append(
            f"- Against serial nbval: before the first cell {a:.2f} s serial vs "
            f"{d:.2f} s with 2 workers, cells {b:.2f} s vs {e:.2f} s, shutdown "
            f"{c:.2f} s vs {f:.2f} s. Two workers halve the cells' time but add "
            "two more interpreters that import pytest, its plugins and nbformat, "
            "and shut down after the kernels; on 2 cores that costs back much "
            "of the gain.")
    lines.append(
        f"- Even with no start-up at all, {makespan / floor_total:.2f}× the floor "
        "is the least the step can take with these notebooks: the target of "
        f"{NOTEBOOK_VS_FLOOR}× leaves {NOTEBOOK_VS_FLOOR * floor_total:.2f} s for "
        "start-up, collection and every cell's own work.")
    return lines


def _makespan(durations: dict[str, float], workers: int) -> float:
    """Longest-first assignment of whole notebooks to workers; the last to finish."""
    loads = [0.0] * workers
    for seconds in sorted(durations.values(), reverse=True):
        loads[loads.index(min(loads))] += seconds
    return max(loads)


def print_table(table: list[tuple]) -> None:
    """Print the figures as a plain-text table."""
    widths = [max(len(str(row[i])) for row in table) for i in range(5)]
    widths = [min(w, 70) for w in widths]
    header = ("Figure", "Measured", "Target", "Ratio", "Met")
    for row in [header, *table]:
        print("  ".join(str(cell)[:70].ljust(width)
                        for cell, width in zip(row[:5], widths, strict=True)))


def main(argv: list[str] | None = None) -> int:
    """Measure the chosen parts, print the table and write the report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default=",".join(PARTS),
                        help=f"comma-separated parts among {', '.join(PARTS)}")
    parser.add_argument("--runs", type=int, default=3,
                        help="runs per timed command (median; at least 3)")
    parser.add_argument("--import-runs", type=int, default=15,
                        help="fresh interpreters per import (at least 10)")
    parser.add_argument("--load-calls", type=int, default=50,
                        help="warm calls per dataset (at least 50)")
    parser.add_argument("--maketest-runs", type=int, default=1,
                        help="runs of the whole make test and its test parts")
    parser.add_argument("--wait-idle", type=float, default=0, metavar="SECONDS",
                        help="before each timed run, wait up to this long until "
                             "no other program uses more than 15%% of the CPU")
    parser.add_argument("--fresh", action="store_true",
                        help="forget the figures of earlier runs")
    parser.add_argument("--notes", default=None,
                        help="a Markdown file whose text closes the report")
    args = parser.parse_args(argv)
    only = [p.strip() for p in args.only.split(",") if p.strip()]
    unknown = [p for p in only if p not in PARTS]
    if unknown:
        parser.error(f"unknown parts {', '.join(unknown)}; choose from "
                     f"{', '.join(PARTS)}")
    if args.runs < 3 or args.import_runs < 10 or args.load_calls < 50:
        parser.error("use --runs ≥ 3, --import-runs ≥ 10 and --load-calls ≥ 50")
    OUT.mkdir(parents=True, exist_ok=True)
    results = {} if args.fresh or not RESULTS.exists() else json.loads(
        RESULTS.read_text(encoding="utf-8"))
    if not notebook_files():
        print("note: there are no notebooks in notebooks/; the notebook parts are "
              "skipped", flush=True)
    for part in PARTS:
        if part not in only:
            continue
        QUIET.update(limit_s=args.wait_idle, waited_s=0.0, busy_runs=0, repeated=0)
        wait_for_quiet()
        load = os.getloadavg()[0]
        print(f"{part}… (load average {load:.2f})", flush=True)
        figures = globals()[f"part_{part}"](args)
        figures["quiet"] = {"waited_s": QUIET["waited_s"],
                            "busy_runs": QUIET["busy_runs"],
                            "repeated": QUIET["repeated"]}
        figures["when"] = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
        figures["load_before"] = load
        figures["load_after"] = os.getloadavg()[0]
        results[part] = figures
        RESULTS.write_text(json.dumps(results, indent=2), encoding="utf-8")
    if args.notes:
        results["notes"] = {"text": Path(args.notes).read_text(encoding="utf-8"),
                            "when": ""}
        RESULTS.write_text(json.dumps(results, indent=2), encoding="utf-8")
    info = machine()
    print(f"\n{info['cores']} cores, Python {info['python']}, {info['os']}\n")
    print_table(rows(results))
    REPORT.write_text(write_report(results, info), encoding="utf-8")
    print(f"\nwrote {shown([REPORT])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
