"""The project's dictionaries and lexicons: YAML files under ``data/``.

The folder is found beside the source tree (an editable install, a checkout) or at
$EVENTWIRE_DATA, which lets users and tests point at their own copies.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from eventwire.errors import OptionsError

DATA_ENV = "EVENTWIRE_DATA"


def data_dir() -> Path:
    if os.environ.get(DATA_ENV):
        return Path(os.environ[DATA_ENV])
    return Path(__file__).resolve().parents[2] / "data"


@cache
def load_yaml(name: str) -> Any:
    """One data file, parsed once per process."""
    path = data_dir() / name
    try:
        with path.open(encoding="utf-8") as stream:
            return yaml.safe_load(stream)
    except FileNotFoundError as exc:
        raise OptionsError(
            f"data file missing; set ${DATA_ENV} to the project's data/ folder", source=str(path)
        ) from exc
    except yaml.YAMLError as exc:
        raise OptionsError(f"data file is not valid YAML: {exc}", source=str(path)) from exc
