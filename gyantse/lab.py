"""JupyterLab with the project's settings: Chinese drawn by the shipped typeface.

JupyterLab loads ``custom/custom.css`` from its custom folder when custom CSS is
on. :func:`install` puts the stylesheet there, in a Jupyter configuration
folder, with both weights of the shipped typeface declared for CJK code points
only, so that Chinese in markdown, code and tables is drawn on a machine with no
CJK font while Latin text keeps JupyterLab's own fonts, and turns custom CSS on.
``make lab`` runs JupyterLab on such a folder of its own (:func:`command`),
keeping the user's settings and workspaces; Binder's ``postBuild`` installs
into the user's configuration folder (``python -m gyantse lab-assets
--install``).
"""

import json
import shutil
from pathlib import Path

from gyantse import typeface
from gyantse._atomic import write_text

__all__ = ["CSS_NAME", "command", "install", "write_assets"]

CSS_NAME = "custom.css"
# Code points the face is used for: CJK radicals to ideographs, compatibility
# ideographs, vertical and small forms, full-width forms, and the supplementary
# ideographic planes (as on the site).
UNICODE_RANGE = ("U+2E80-9FFF, U+F900-FAFF, U+FE10-FE1F, U+FE30-FE4F, "
                 "U+FF00-FFEF, U+20000-3FFFF")
# JupyterLab's font variables; the face leads each stack and, by its unicode
# range, takes only CJK characters.
FONT_VARIABLES = ("--jp-ui-font-family", "--jp-content-font-family",
                  "--jp-code-font-family")
DEFAULT_STACKS = {
    "--jp-ui-font-family": "system-ui, -apple-system, blinkmacsystemfont, "
                           "'Segoe UI', helvetica, arial, sans-serif",
    "--jp-content-font-family": "system-ui, -apple-system, blinkmacsystemfont, "
                                "'Segoe UI', helvetica, arial, sans-serif",
    "--jp-code-font-family": "menlo, consolas, 'DejaVu Sans Mono', monospace",
}


def _stylesheet() -> str:
    faces = []
    for weight, path in typeface.FILES.items():
        number = 700 if weight == "bold" else 400
        faces.append(
            "@font-face {\n"
            f'  font-family: "{typeface.FAMILY}";\n'
            f'  src: url("{path.name}") format("opentype");\n'
            f"  font-weight: {number};\n  font-style: normal;\n"
            f"  font-display: swap;\n  unicode-range: {UNICODE_RANGE};\n}}\n")
    stacks = "".join(f'  {name}: "{typeface.FAMILY}", {DEFAULT_STACKS[name]} '
                     "!important;\n" for name in FONT_VARIABLES)
    return ("/* Chinese in JupyterLab drawn by the typeface gyantse ships "
            "(SIL Open Font License 1.1). Written by python -m gyantse "
            "lab-assets. */\n" + "\n".join(faces) + f"\n:root {{\n{stacks}}}\n")


def write_assets(folder: Path) -> Path:
    """Write the stylesheet and the typeface into ``folder``; return it."""
    folder.mkdir(parents=True, exist_ok=True)
    for path in (*typeface.FILES.values(), typeface.LICENCE):
        target = folder / path.name
        if not target.exists() or target.stat().st_size != path.stat().st_size:
            shutil.copyfile(path, target)
    write_text(folder / CSS_NAME, _stylesheet())
    return folder


def install(config_dir: Path) -> Path:
    """Write the assets into ``config_dir``/custom and turn custom CSS on there."""
    write_assets(config_dir / "custom")
    settings_file = config_dir / "jupyter_lab_config.json"
    settings = (json.loads(settings_file.read_text(encoding="utf-8"))
                if settings_file.exists() else {})
    settings.setdefault("LabApp", {})["custom_css"] = True
    write_text(settings_file, json.dumps(settings, indent=2) + "\n")
    return config_dir


def command(config_dir: Path, jupyter: str,
            environ: dict[str, str]) -> tuple[list[str], dict[str, str]]:
    """Return the command and environment of JupyterLab on ``config_dir``.

    The folder gets the assets; the user's own settings and workspaces, found
    from ``environ`` before it is changed, stay in use.
    """
    from jupyter_core.paths import jupyter_config_dir

    user = Path(environ.get("JUPYTER_CONFIG_DIR") or jupyter_config_dir())
    install(config_dir)
    argv = [jupyter, "lab",
            f"--LabApp.user_settings_dir={user / 'lab' / 'user-settings'}",
            f"--LabApp.workspaces_dir={user / 'lab' / 'workspaces'}"]
    return argv, {**environ, "JUPYTER_CONFIG_DIR": str(config_dir)}
