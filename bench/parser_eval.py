"""Evaluate the quantity parser on labelled real sentences; time it on 1 MB.

Usage::

    .venv/bin/python bench/parser_eval.py          # writes bench/parser_report.md
    .venv/bin/python bench/parser_eval.py dev      # the development set only

For each set of bench/parser/ (dev.yml, heldout*.yml; see bench/parser/README.md)
it reports strict recall and precision: a quantity counts as read when the parser
finds one in the sentence with the same value (or low and high), unit and
qualifier, and whether the set is still held out or spent (its ``status``). The
headline is the latest held-out figure not contaminated by tuning: the current
figure of the newest set still held out, or else the first run of the newest
spent set. Misses and wrong readings are listed by family. It then times
``find_quantities`` on 1 MB inputs, including the pathological ones.
"""

import sys
import time
from collections import Counter
from decimal import Decimal
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SETS = ROOT / "bench" / "parser"
REPORT = ROOT / "bench" / "parser_report.md"
sys.path.insert(0, str(ROOT))

from gyantse.quantities import find_quantities  # noqa: E402


class _Loader(yaml.SafeLoader):
    """YAML with decimals read exactly, as Decimal, never as float."""


_Loader.add_constructor("tag:yaml.org,2002:float",
                        lambda loader, node: Decimal(loader.construct_scalar(node)))


def document(name: str) -> dict:
    """Return one labelled set: status, first run if spent, sources, sentences."""
    return yaml.load((SETS / f"{name}.yml").read_text(encoding="utf-8"), _Loader)


def load(name: str) -> list[dict]:
    """Return the sentences of one labelled set."""
    return document(name)["sentences"]


STATUSES = ("development", "held out", "spent")


def status(name: str) -> str:
    """Return whether a set is for development, still held out, or spent."""
    said = document(name).get("status")
    if said not in STATUSES:
        raise ValueError(f"bench/parser/{name}.yml has status {said!r}; give one of "
                         f"{', '.join(STATUSES)} at the top of the file.")
    return said


def set_names() -> list[str]:
    """Return the held-out sets, newest first, then the development set."""
    held = sorted((p.stem for p in SETS.glob("heldout*.yml")),
                  key=lambda n: int(n.removeprefix("heldout") or 1), reverse=True)
    return [*held, "dev"]


def headline(results: dict) -> str:
    """Return the latest held-out figure that no tuning has contaminated."""
    for name in set_names():
        if status(name) == "held out" and name in results:
            r = results[name]
            return (f"**Latest uncontaminated held-out figure: {name} (held out, "
                    f"this run): recall {r['correct']}/{r['expected']} = "
                    f"{ratio(r['correct'], r['expected'])}, precision "
                    f"{r['correct']}/{r['found']} = "
                    f"{ratio(r['correct'], r['found'])}.**")
        if status(name) == "spent":
            run = document(name)["first_run"]
            return (f"**Latest uncontaminated held-out figure: {name}, first run "
                    f"(parser {run['parser']}): recall {run['correct']}/"
                    f"{run['labelled']} = {ratio(run['correct'], run['labelled'])}, "
                    f"precision {run['correct']}/{run['found']} = "
                    f"{ratio(run['correct'], run['found'])}.** The set is spent now.")
    return "No held-out set."


def ratio(part: int, whole: int) -> str:
    """Return part / whole to three places (1.000 for an empty whole)."""
    return f"{part / whole:.3f}" if whole else "1.000"


def key(value, unit: str, qualifier: str) -> tuple:
    """Return what must agree: the value (or both ends), unit and qualifier."""
    if isinstance(value, list):
        value = tuple(Decimal(v) for v in value)
    else:
        value = Decimal(value)
    return value, unit, qualifier


def found_key(quantity) -> tuple:
    """Return the key of a parsed quantity."""
    value = Decimal(quantity.value)
    if quantity.high is not None:
        value = (Decimal(quantity.low), Decimal(quantity.high))
    return value, quantity.unit, quantity.qualifier


def family(label: tuple) -> str:
    """Return the family of a labelled quantity, for the list of failures."""
    value, unit, qualifier = label
    if isinstance(value, tuple):
        return "range"
    if qualifier == "recent":
        return "time window (近)"
    if qualifier == "expected":
        return "modality"
    if qualifier != "exact":
        return f"qualifier ({qualifier})"
    if value < 0:
        return "negative"
    return f"unit ({unit})"


def evaluate(name: str) -> dict:
    """Strict counts and the failures of one set."""
    expected_total = found_total = correct = 0
    misses, wrong = [], []
    for sentence in load(name):
        text = sentence["text"]
        labels = [(e[0], key(*e[1:])) for e in sentence["expect"]]
        found = find_quantities(text)
        remaining = Counter(label for _, label in labels)
        matched = Counter()
        for quantity in found:
            k = found_key(quantity)
            if remaining[k] > 0:
                remaining[k] -= 1
                matched[k] += 1
            else:
                wrong.append((text, quantity))
        for words, label in labels:
            if matched[label] > 0:
                matched[label] -= 1
            else:
                misses.append((text, words, label))
        expected_total += len(labels)
        found_total += len(found)
        correct += len(labels) - sum(remaining.values())
    return {"sentences": len(load(name)), "expected": expected_total,
            "found": found_total, "correct": correct, "misses": misses,
            "wrong": wrong}


def shown(label: tuple) -> str:
    """Show a label as a reader writes it."""
    value, unit, qualifier = label
    if isinstance(value, tuple):
        value = "–".join(str(v) for v in value)
    return f"{value} {unit} ({qualifier})"


def timings() -> list[tuple[str, float, int]]:
    """Seconds ``find_quantities`` takes on 1 MB inputs (best of 3)."""
    megabyte = 1_000_000
    article = (ROOT / "data" / "raw").glob("*.txt")
    sample = next(iter(sorted(article)), None)
    prose = sample.read_text(encoding="utf-8") if sample else "增收15萬元,"
    inputs = {
        "1 MB of digits, then 萬元": "5" * megabyte + "萬元",
        "1 MB of digits": "5" * megabyte,
        "1 MB of Chinese digits, then 元": "五" * megabyte + "元",
        "1 MB of 1-1-1-…": "1-" * (megabyte // 2),
        "1 MB of ranges, 1至6萬元, 2至7萬元 …": "".join(
            f"{i % 9000 + 1}至{i % 9000 + 6}萬元," for i in range(megabyte // 11)),
        "1 MB of spaced digit groups, 1 111 111 …": "1 111 " * (megabyte // 6),
        "1 MB of 約占 and 過 before figures": "約占過5萬元," * (megabyte // 7),
        "1 MB of 為目標 and quoted names, no clause end":
            "以5億元為目標“三人鄉”" * (megabyte // 14),
        "1 MB of 預計 before figures, no clause end": "預計5萬元" * (megabyte // 5),
        "1 MB of the article, repeated":
            (prose * (megabyte // len(prose) + 1))[:megabyte],
    }
    rows = []
    for label, text in inputs.items():
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            found = find_quantities(text)
            best = min(best, time.perf_counter() - start)
        rows.append((label, best, len(found)))
    return rows


def main(argv: list[str]) -> int:
    """Evaluate the sets named in ``argv`` (all by default) and write the report."""
    names = argv or set_names()
    results = {name: evaluate(name) for name in names}
    lines = ["# Quantity parser on real news text", "", headline(results), "",
             "Made by `.venv/bin/python bench/parser_eval.py` (part of `make bench`). "
             "Strict: value (or both ends of a range), unit and qualifier must all "
             "agree with the hand label. See `bench/parser/README.md`; "
             "`bench/parser/RESULTS.md` keeps every run. A spent set was tuned on "
             "after its held-out run, so its figures below are no held-out figures.",
             "",
             "| Set | Status | Sentences | Labelled | Found | Correct | Recall "
             "| Precision |",
             "|---|---|---|---|---|---|---|---|"]
    for name, r in results.items():
        recall, precision = (ratio(r["correct"], r["expected"]),
                             ratio(r["correct"], r["found"]))
        lines.append(f"| {name} | {status(name)} | {r['sentences']} | {r['expected']} "
                     f"| {r['found']} | {r['correct']} | {recall} | {precision} |")
        print(f"{name} ({status(name)}): recall {r['correct']}/{r['expected']} = "
              f"{recall}, precision {r['correct']}/{r['found']} = {precision}")
    print(headline(results).replace("**", ""))
    for name, r in results.items():
        lines += ["", f"## Failures on {name}", ""]
        by_family = {}
        for text, words, label in r["misses"]:
            by_family.setdefault(family(label), []).append(
                f"missed `{words}` = {shown(label)} in “{text[:60]}…”")
        for text, quantity in r["wrong"]:
            by_family.setdefault("found, not labelled (or misread)", []).append(
                f"`{quantity.text}` read as {shown(found_key(quantity))} "
                f"in “{text[:60]}…”")
        if not by_family:
            lines.append("None.")
        for name_of_family in sorted(by_family):
            items = by_family[name_of_family]
            lines.append(f"- **{name_of_family}** ({len(items)})")
            lines += [f"  - {item}" for item in items]
    lines += ["", "## Speed", "",
              "`find_quantities` on 1 MB inputs, best of 3 runs "
              "(target: under 1 s).", "",
              "| Input | Seconds | Quantities found |", "|---|---|---|"]
    for label, seconds, count in timings():
        lines.append(f"| {label} | {seconds:.3f} | {count:,} |")
        print(f"{label}: {seconds:.3f} s ({count:,} found)")
    REPORT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {REPORT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
