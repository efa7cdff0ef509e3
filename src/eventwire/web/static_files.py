"""Where the dashboard's static files are: its stylesheet, its one small script and the
vendored basemap (static/vendor), all served by the app itself at /static."""

from __future__ import annotations

from pathlib import Path

STATIC_DIR = Path(__file__).resolve().parent / "static"
