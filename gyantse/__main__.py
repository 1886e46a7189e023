"""Command line: ``python -m gyantse data | notebooks | site | lab | fonts``."""

import argparse
import importlib.util
import sys
from pathlib import Path

from gyantse import typeface
from gyantse.errors import GyantseError

# The modules of the 'site' extra (pyproject.toml), by the name pip installs them under.
_SITE_EXTRA = {"nbconvert": "nbconvert", "nbclient": "nbclient", "nbformat": "nbformat",
               "fontTools": "fonttools", "brotli": "brotli"}


def _require_site_extra(command: str) -> None:
    """Say which extra to install when a module of the 'site' extra is missing."""
    missing = [pip for module, pip in _SITE_EXTRA.items()
               if importlib.util.find_spec(module) is None]
    if missing:
        raise GyantseError(
            f"python -m gyantse {command} needs {', '.join(missing)}, which come with "
            "the 'site' extra; install it with pip install 'gyantse[site]'."
        )


def _require_checkout(command: str) -> None:
    from gyantse import config

    if not config.IN_CHECKOUT:
        raise GyantseError(config.needs_checkout(f"python -m gyantse {command}"))


def _data(_: argparse.Namespace) -> None:
    _require_checkout("data")
    from gyantse import config
    from gyantse.build import build

    counts = build()
    rows = ", ".join(f"{name} {n}" for name, n in counts.items())
    print(f"wrote {config.relative(config.PROCESSED_DIR)}: {rows}")


def _notebooks(args: argparse.Namespace) -> None:
    _require_site_extra("notebooks")
    _require_checkout("notebooks")
    import nbformat

    from gyantse import config
    from gyantse._atomic import write_bytes
    from gyantse.notebooks import execute_in_place, key_chart

    execute_in_place(args.names)
    # the README shows the key chart of the comparison notebook
    notebook = nbformat.read(config.README_CHART_NOTEBOOK, as_version=4)
    write_bytes(config.README_CHART, key_chart(notebook))
    print(f"wrote {config.relative(config.README_CHART)}")


def _site(args: argparse.Namespace) -> None:
    _require_site_extra("site")
    _require_checkout("site")
    from gyantse import config
    from gyantse._atomic import check_destination
    from gyantse.site import build_site

    # refuse an unusable destination before any notebook runs
    out = Path(args.out) if args.out is not None else config.SITE_DIR
    check_destination(out)
    out = build_site(out)
    pages = sorted(p.name for p in out.glob("*.html"))
    print(f"wrote {config.relative(out)}/: {len(pages)} pages ({', '.join(pages)})")


def _lab(args: argparse.Namespace) -> None:
    import os
    import shutil

    from gyantse import config, lab

    jupyter = shutil.which("jupyter", path=os.path.dirname(sys.executable))
    if jupyter is None:
        raise GyantseError(
            "JupyterLab is not installed in this environment; install it with "
            "'pip install jupyterlab' (or run 'make setup') and run again."
        )
    argv, environ = lab.command(config.ROOT / "build" / "lab", jupyter,
                                dict(os.environ))
    sys.stdout.flush()
    os.execve(jupyter, [*argv, *args.options], environ)


def _lab_assets(args: argparse.Namespace) -> None:
    from gyantse import lab

    if args.install:
        done = lab.install(Path(args.folder).expanduser())
        print(f"wrote {done / 'custom'} and turned custom CSS on in {done}")
    else:
        print(f"wrote {lab.write_assets(Path(args.folder))}")


def _fonts(args: argparse.Namespace) -> None:
    from gyantse import config

    source_dir = typeface.NOTO_DIR if args.source is None else Path(args.source)
    missing = [n for n in typeface.NOTO_FILES.values() if not (source_dir / n).exists()]
    if missing:
        raise GyantseError(
            f"{source_dir} has no {', '.join(missing)}, the Noto Sans CJK collections "
            "the shipped typeface is cut from; install Debian's fonts-noto-cjk "
            "(apt-get install fonts-noto-cjk) or pass --source with their folder."
        )
    for path in typeface.make_shipped_subsets(source_dir):
        print(f"wrote {config.relative(path)}")


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
    lab = commands.add_parser("lab", help="JupyterLab with Chinese drawn by the "
                              "shipped typeface")
    lab.set_defaults(run=_lab)  # other options go to JupyterLab
    assets = commands.add_parser("lab-assets", help="write JupyterLab's stylesheet "
                                 "and typeface into a folder")
    assets.add_argument("folder", help="the folder (with --install: a Jupyter "
                        "configuration folder such as ~/.jupyter)")
    assets.add_argument("--install", action="store_true", help="write into FOLDER/"
                        "custom and turn custom CSS on in FOLDER")
    assets.set_defaults(run=_lab_assets)
    fonts = commands.add_parser("fonts", help="rebuild the shipped typeface from "
                                "Noto Sans CJK (for maintainers)")
    fonts.add_argument("--source", default=None, help="folder of NotoSansCJK-*.ttc "
                       f"(default {typeface.NOTO_DIR})")
    fonts.set_defaults(run=_fonts)
    args, extra = parser.parse_known_args(argv)
    if extra and args.command != "lab":
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    args.options = extra
    try:
        args.run(args)
    except GyantseError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
