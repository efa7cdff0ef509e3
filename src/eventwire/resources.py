"""The project's dictionaries and lexicons, and the folders eventwire reads and writes.

The YAML files ship inside the package (``eventwire/data/``), so a wheel, an editable
install and a checkout all find them; $EVENTWIRE_DATA points at a folder of one's own
copies instead. Caches go to the user's cache folder (XDG), never into the package.
"""

from __future__ import annotations

import os
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from eventwire.errors import OptionsError

DATA_ENV = "EVENTWIRE_DATA"
CACHE_ENV = "EVENTWIRE_CACHE"


def package_data_dir() -> Path:
    """The data folder the installed package ships."""
    return Path(str(resources.files("eventwire") / "data"))


def data_dir() -> Path:
    """$EVENTWIRE_DATA, else the package's own data folder."""
    if os.environ.get(DATA_ENV):
        return Path(os.environ[DATA_ENV])
    return package_data_dir()


def cache_dir() -> Path:
    """$EVENTWIRE_CACHE, else $XDG_CACHE_HOME/eventwire, else ~/.cache/eventwire."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "eventwire"


# libyaml's safe loader when PyYAML was built with it (its wheels are): the dictionaries
# parse several times faster than with the pure-Python one, the same documents either way.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@cache
def load_yaml(name: str) -> Any:
    """One data file, parsed once per process."""
    path = data_dir() / name
    try:
        with path.open(encoding="utf-8") as stream:
            return yaml.load(stream, Loader=_SAFE_LOADER)
    except FileNotFoundError as exc:
        where = (f"the folder ${DATA_ENV} names lacks it; unset ${DATA_ENV} or copy the file "
                 "there" if os.environ.get(DATA_ENV) else
                 "the installed package lacks it; reinstall eventwire")
        raise OptionsError(f"data file missing: {where}", source=str(path)) from exc
    except yaml.YAMLError as exc:
        raise OptionsError(f"data file is not valid YAML: {exc}", source=str(path)) from exc
