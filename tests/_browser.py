"""Finding the system's Chromium for the browser checks."""

import os
import shutil

import pytest


def chromium_executable() -> str:
    """Path of the system's Chromium; skip (or fail on CI) when there is none."""
    for candidate in (shutil.which("chromium"), "/usr/bin/chromium",
                      shutil.which("chromium-browser")):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    message = ("Chromium is not installed, so the browser checks cannot run; "
               "install it with 'apt-get install chromium' and run them again.")
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)
