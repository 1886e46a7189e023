"""Command line: ``python -m gyantse data | notebooks | site``."""

import argparse
import sys

from gyantse.errors import GyantseError


def _data(_: argparse.Namespace) -> None:
    from gyantse import config
    from gyantse.build import build

    counts = build()
    rows = ", ".join(f"{name} {n}" for name, n in counts.items())
    print(f"wrote {config.relative(config.PROCESSED_DIR)}: {rows}")


def _notebooks(args: argparse.Namespace) -> None:
    import nbformat

    from gyantse import config
    from gyantse._atomic import write_bytes
    from gyantse.notebooks import execute_in_place
    from gyantse.site import key_chart

    execute_in_place(args.names)
    # the README shows the key chart of the comparison notebook
    notebook = nbformat.read(config.README_CHART_NOTEBOOK, as_version=4)
    write_bytes(config.README_CHART, key_chart(notebook))
    print(f"wrote {config.relative(config.README_CHART)}")


def _site(args: argparse.Namespace) -> None:
    from gyantse import config
    from gyantse.site import build_site

    out = build_site(args.out)
    pages = sorted(p.name for p in out.glob("*.html"))
    print(f"wrote {config.relative(out)}/: {len(pages)} pages ({', '.join(pages)})")


def main(argv: list[str] | None = None) -> int:
    """Run one command; print one sentence and exit 1 on a project error."""
    parser = argparse.ArgumentParser(prog="python -m gyantse", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("data", help="rebuild data/processed").set_defaults(run=_data)
    notebooks = commands.add_parser("notebooks", help="re-execute the notebooks and "
                                    "store their outputs")
    notebooks.add_argument("names", nargs="*", help="notebook file names (all)")
    notebooks.set_defaults(run=_notebooks)
    site = commands.add_parser("site", help="render the offline site")
    site.add_argument("--out", default=None, help="output folder (site/)")
    site.set_defaults(run=_site)
    args = parser.parse_args(argv)
    try:
        args.run(args)
    except GyantseError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
