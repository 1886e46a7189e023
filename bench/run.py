"""Time the project's commands on this machine and write bench/report.md.

Usage: .venv/bin/python bench/run.py [--only PARTS] [--runs N] [--baseline REV]

The commands of all chosen parts run round-robin, --runs rounds. A figure is the
median of its rounds, a ratio the median of the ratios within a round. Figures
go to bench/out/results.json (merged part by part), logs to bench/out/logs/.
"""
import argparse
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path

import jinja2

ROOT = Path(__file__).resolve().parent.parent
OUT, BASE = ROOT / "bench" / "out", ROOT / "bench" / "out" / "baseline"
RESULTS, JUNIT = OUT / "results.json", OUT / "maketest-junit.xml"
PARTS = ("maketest", "notebooks", "site", "nbformat", "imports", "loads")
PY = ".venv/bin/python"
NBVAL = "--nbval --nbval-current-env --nbval-sanitize-with notebooks/sanitize.cfg"
STEP = f"{PY} -m pytest -n 2 --dist loadscope {NBVAL} notebooks/"
STORED = (f"{PY} -c 'from gyantse.site import build_site; "
          "build_site(\"bench/out/stored\", execute=False)'")
FLOOR = ("per notebook: start a python3 kernel, run 'import pandas, "
         "matplotlib.pyplot', shut down; total ÷ 2 cores")
SAMPLES = 7  # fresh interpreters per import and round
DROP = ("MPLBACKEND", "PYTEST_ADDOPTS", "VIRTUAL_ENV", "PYTHONPATH")


def run(command: str, log: str, cwd: Path = ROOT, **env: str) -> tuple[float, int]:
    """Run a shell command, its output into bench/out/logs; return (s, exit code)."""
    with open(OUT / "logs" / f"{log}.log", "w", 1, encoding="utf-8") as handle:
        handle.write(f"$ {command}  (in {cwd.relative_to(ROOT)}/)\n")
        start = time.perf_counter()
        code = subprocess.run(command, shell=True, cwd=cwd, stdout=handle,
                              stderr=subprocess.STDOUT, check=False,
                              env={k: v for k, v in os.environ.items()
                                   if k not in DROP} | env).returncode
    return time.perf_counter() - start, code


def floor() -> tuple[float, int]:
    """Start, use and stop one kernel per notebook; return (total ÷ 2 cores, 0)."""
    from jupyter_client.manager import start_new_kernel

    from gyantse.notebooks import KERNEL_ENV, notebook_paths

    os.environ.update(KERNEL_ENV)
    start = time.perf_counter()
    for path in notebook_paths():
        manager, client = start_new_kernel(kernel_name="python3", cwd=str(path.parent))
        try:
            reply = client.execute_interactive("import pandas, matplotlib.pyplot",
                                               timeout=300,
                                               output_hook=lambda _: None)
            assert reply["content"]["status"] == "ok", reply["content"]
        finally:
            client.stop_channels()
            manager.shutdown_kernel()
    return (time.perf_counter() - start) / 2, 0


def baseline(rev: str) -> str:
    """Check out ``rev`` in bench/out/baseline and set up its own .venv there."""
    if not BASE.exists():
        subprocess.run(["git", "worktree", "add", "--detach", BASE, rev], cwd=ROOT,
                       check=True)
    subprocess.run(["git", "checkout", "--quiet", "--detach", rev], cwd=BASE,
                   check=True)
    seconds, code = run("make setup", "baseline-setup", BASE)
    print(f"baseline {rev}: make setup {seconds:.0f} s, exit {code}", flush=True)
    return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=BASE,
                          capture_output=True, text=True, check=True).stdout.strip()


def steps(parts: list[str]) -> list[tuple]:
    """One round: (name, command or function, folder, extra environment)."""
    base_py = "bench/out/baseline/.venv/bin/python"
    chosen = []
    if "maketest" in parts:
        chosen += [("maketest_base", "make test", BASE, {}),
                   ("maketest", "make test", ROOT, {"PYTEST_ADDOPTS":
                                                    f"--junitxml={JUNIT}"})]
    if "site" in parts:
        if "maketest" not in parts:
            chosen.append(("maketest_untimed", "make test", ROOT, {}))
        chosen += [("site_warm", "make site", ROOT, {}),
                   ("site_stored", STORED, ROOT, {}),
                   ("site_cold", "rm -rf .cache && make site", ROOT, {})]
    if "notebooks" in parts:
        chosen += [("floor", floor, ROOT, {}), ("step", STEP, ROOT, {}),
                   ("serial", STEP.replace(" -n 2 --dist loadscope", ""), ROOT, {})]
    for part, pairs in (("nbformat", [("nbformat", f"{PY} -c 'import nbformat'"),
                                      ("nbformat_base", f"{base_py} -c "
                                       "'import nbformat'")]),
                        ("imports", [("pandas", f"{PY} -c 'import pandas'"),
                                     ("gyantse", f"{PY} -c 'import gyantse'")])):
        if part in parts:
            chosen += [(name, command, ROOT, {}) for _ in range(SAMPLES)
                       for name, command in pairs]
    return chosen


def measure(parts: list[str], runs: int) -> dict:
    """Run the rounds; return per name its command, round medians and exit codes."""
    samples = defaultdict(lambda: defaultdict(list))
    figures = {}
    for number in range(runs):
        for name, command, cwd, env in steps(parts):
            seconds, code = (command() if callable(command) else
                             run(command, f"{name}-{number + 1}", cwd, **env))
            samples[name][number].append(seconds)
            entry = figures.setdefault(name, {"command": FLOOR if callable(command)
                                              else command, "exit": []})
            entry["exit"].append(code)
            if code:
                entry.setdefault("failed", []).append(failures(f"{name}-{number + 1}"))
            print(f"round {number + 1}: {name} {seconds:.2f} s"
                  + (f" (exit {code})" if code else ""), flush=True)
    for name, entry in figures.items():
        entry["runs_s"] = [statistics.median(s) for s in samples[name].values()]
        entry["median_s"] = statistics.median(entry["runs_s"])
        entry["exit"] = sorted(set(entry["exit"]))
    if "maketest" in figures and JUNIT.exists():
        figures["maketest"]["by_file_s"] = by_file(JUNIT)
    return figures


def failures(log: str) -> str:
    """Return the count of failed tests and errors in pytest's summary in a log."""
    text = (OUT / "logs" / f"{log}.log").read_text(encoding="utf-8", errors="replace")
    ends = re.findall(r"^=+ (.*\d+ (?:passed|failed).*) =+$", text, re.MULTILINE)
    return ", ".join(re.findall(r"\d+ (?:failed|errors?)", ends[-1])) if ends else ""


def by_file(junit: Path) -> dict[str, float]:
    """Sum the JUnit test times per test file or notebook, largest first."""
    sums = defaultdict(float)
    for case in ET.parse(junit).getroot().iter("testcase"):
        name = case.get("classname", "")
        if ".ipynb" in name:  # nbval: "notebooks.01-name.ipynb"
            name = name.replace(".", "/", 1)
        elif name.startswith(("tests.", "gyantse.")):
            name = name.replace(".", "/") + ".py"
        sums[name] += float(case.get("time", 0))
    return dict(sorted(sums.items(), key=lambda item: -item[1]))


def loads() -> dict:
    """Median of 50 warm ``gyantse.load(name)`` calls per dataset, in ms."""
    import gyantse

    figures = {}
    for name in gyantse.datasets():
        gyantse.load(name)
        times = []
        for _ in range(50):
            start = time.perf_counter()
            gyantse.load(name)
            times.append(time.perf_counter() - start)
        figures[name] = statistics.median(times) * 1000
    return figures


def paired(figures: dict, name: str, other: str) -> float:
    """Median over rounds of figure ``name`` ÷ figure ``other`` in the same round."""
    pairs = zip(figures[name]["runs_s"], figures[other]["runs_s"], strict=True)
    return statistics.median(a / b for a, b in pairs)


def rows(results: dict) -> list[dict]:
    """Return the report's table: one row per figure."""
    figures = {k: v for part in results["parts"].values()
               for k, v in part["figures"].items()}
    table = []

    def row(label, name, vs=None, limit=None, what="", ms=False):
        if name not in figures or (vs and vs not in figures):
            return
        scale, digits, unit = (1000, 0, "ms") if ms else (1, 2, "s")
        shown = f"{figures[name]['median_s'] * scale:.{digits}f} {unit}"
        if len(figures[name]["runs_s"]) > 1:  # the spread shows how noisy it was
            shown += " (rounds: " + ", ".join(f"{v * scale:.{digits}f}" for v in
                                               figures[name]["runs_s"]) + ")"
        codes = [str(c) for c in figures[name]["exit"] if c]
        failed = "; ".join(sorted({f for f in figures[name].get("failed", []) if f}))
        if codes:
            shown += f" (exit {', '.join(codes)}" + (f": {failed})" if failed else ")")
        ratio = paired(figures, name, vs) if vs else None
        table.append({
            "figure": label, "value": shown,
            "target": f"≤ {limit}× {what}" if limit else "—",
            "ratio": f"{ratio:.2f}× {what}" if ratio else "",
            "met": ("met" if ratio <= limit else "**missed**") if limit else "—",
            "command": figures[name]["command"]})

    rev = results.get("baseline", "baseline")
    row("Warm `make test` (whole), now", "maketest", "maketest_base", 0.5,
        f"baseline {rev}")
    row(f"Warm `make test` at baseline {rev} (in bench/out/baseline)",
        "maketest_base")
    row("Notebook step", "step", "floor", 2, "floor")
    row("Serial nbval", "serial", "step", what="the step")
    row("Floor, 4 notebooks on 2 cores", "floor")
    row("`make site` right after `make test`", "site_warm", "site_stored", 1.2,
        "stored-output build")
    row("`make site` cold (.cache/ removed)", "site_cold", "site_stored",
        what="stored-output build")
    row("Site from stored outputs, fresh interpreter", "site_stored")
    row("`import nbformat`, fresh interpreter, now", "nbformat", "nbformat_base",
        0.2, f"baseline {rev}", ms=True)
    row(f"`import nbformat` in baseline {rev}'s .venv", "nbformat_base", ms=True)
    row("`import gyantse`, fresh interpreter", "gyantse", "pandas", 1.1,
        "`import pandas`", ms=True)
    row("`import pandas`, fresh interpreter", "pandas", ms=True)
    return table


def main() -> int:
    """Measure the chosen parts, store the figures and render the report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default=",".join(PARTS),
                        help=f"comma-separated parts among {', '.join(PARTS)}")
    parser.add_argument("--runs", type=int, default=3, help="rounds (default 3)")
    parser.add_argument("--baseline", default="7c038f9",
                        help="revision to compare make test and nbformat with")
    args = parser.parse_args()
    parts = [p for p in args.only.split(",") if p]
    if set(parts) - set(PARTS) or args.runs < 1:
        parser.error(f"choose parts among {', '.join(PARTS)} and --runs ≥ 1")
    (OUT / "logs").mkdir(parents=True, exist_ok=True)
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    results.setdefault("parts", {})
    if {"maketest", "nbformat"} & set(parts):
        results["baseline"] = baseline(args.baseline)
    figures = measure([p for p in parts if p != "loads"], args.runs)
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M")
    owners = {name: part for part in parts for name, *_ in steps([part])}
    for part in parts:
        mine = {k: v for k, v in figures.items() if owners.get(k) == part}
        results["parts"][part] = {"when": when, "argv": " ".join(sys.argv[1:]),
                                  "figures": mine}
    if "loads" in parts:
        results["parts"]["loads"].update(ms=loads())
    RESULTS.write_text(json.dumps(results, indent=2), encoding="utf-8")
    table = rows(results)
    junit = results["parts"].get("maketest", {}).get("figures", {}).get("maketest")
    commit = subprocess.run(["git", "describe", "--always", "--dirty"], cwd=ROOT,
                            capture_output=True, text=True, check=False).stdout
    template = jinja2.Template((ROOT / "bench" / "report.md.j2").read_text())
    analysis = ROOT / "bench" / "analysis.md"  # why targets are missed, next steps
    (ROOT / "bench" / "report.md").write_text(template.render(
        rows=table, results=results, loads=results["parts"].get("loads", {}),
        junit=junit or {}, commit=commit.strip(), cores=os.cpu_count(),
        python=platform.python_version(),
        analysis=analysis.read_text(encoding="utf-8") if analysis.exists() else ""),
        encoding="utf-8")
    for r in table:
        print(f"{r['figure'][:55]:55} {r['value']:>16}  {r['ratio']:>24}  {r['met']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
