"""`eventwire doctor`: is this installation complete? One check a line, each with the fix.

The checks read and never write: the store is opened read-only, the cache folder is
tested for write access with a temporary file that is removed at once.
"""

from __future__ import annotations

import os
import sys
import tempfile
from dataclasses import dataclass
from importlib import metadata

from packaging.requirements import Requirement

from eventwire.errors import EventwireError
from eventwire.resources import DATA_ENV, cache_dir, data_dir, package_data_dir

SUPPORTED_PYTHON = ((3, 11), (3, 13))


@dataclass(frozen=True, slots=True)
class Check:
    name: str
    ok: bool
    detail: str
    fix: str = ""
    required: bool = True  # a missing optional extra is reported, not failed


def run_checks(store_path: str) -> list[Check]:
    return [_python(), _pipeline(), _learned(), _data(), _cache(), _store(store_path),
            *_extras()]


def _python() -> Check:
    version = sys.version_info[:2]
    low, high = SUPPORTED_PYTHON
    ok = low <= version <= high
    return Check("python", ok, f"{sys.version.split()[0]} at {sys.executable}",
                 "" if ok else "use Python 3.11 to 3.13")


def _pipeline() -> Check:
    from eventwire.nlp import MODEL_PACKAGE

    try:
        found = metadata.version(MODEL_PACKAGE.replace("_", "-"))
    except metadata.PackageNotFoundError:
        return Check("spaCy pipeline", False, f"{MODEL_PACKAGE} is not installed",
                     "pip install --require-hashes -r requirements.lock (or reinstall "
                     "eventwire)")
    return Check("spaCy pipeline", True, f"{MODEL_PACKAGE} {found} (loads offline)")


def _learned() -> Check:
    """The learned pair classifier's files (the hybrid coder needs them; the rules do not).
    Only their presence: loading the ONNX session is left to the first use."""
    from eventwire.events.learned import packaged_model

    folder = packaged_model()
    missing = [n for n in ("model.onnx", "tokenizer.json", "labels.json")
               if not (folder / n).is_file()]
    if missing:
        return Check("learned model", False, f"{folder} lacks {', '.join(missing)}",
                     "reinstall eventwire, or `make train` in a checkout", False)
    size = (folder / "model.onnx").stat().st_size / 1e6
    return Check("learned model", True, f"{folder} ({size:.0f} MB, int8 ONNX)")


def _data() -> Check:
    folder = data_dir()
    # Whatever the package ships is what the code may read: an override must have it all.
    shipped = sorted(p.name for p in package_data_dir().glob("*.yaml"))
    missing = [name for name in shipped if not (folder / name).is_file()]
    source = f"${DATA_ENV}" if os.environ.get(DATA_ENV) else "package"
    if not shipped or missing:
        return Check("data folder", False,
                     f"{folder} ({source}) lacks {', '.join(missing) or 'every data file'}",
                     f"unset ${DATA_ENV}, or copy the missing files there; else reinstall")
    return Check("data folder", True, f"{folder} ({source}, {len(shipped)} files)")


def _cache() -> Check:
    folder = cache_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".doctor-"):
            pass
    except OSError as exc:
        return Check("cache folder", False, f"{folder} is not writable ({exc.strerror})",
                     "set $EVENTWIRE_CACHE to a writable folder (the gazetteer is then "
                     "rebuilt in each process, about 10 s)")
    cached = sorted(p.name for p in folder.glob("gazetteer-*.pickle"))
    state = f"gazetteer cached ({len(cached)} files)" if cached else \
        "empty: the first run builds the gazetteer (about 10 s)"
    return Check("cache folder", True, f"{folder} ({state})")


def _store(path: str) -> Check:
    from eventwire.store import probe

    try:
        return Check("store", True, f"{path}: {probe(path)}")
    except EventwireError as exc:
        return Check("store", False, str(exc), "give another --db, or move the file aside")


def _extras() -> list[Check]:
    """Each optional extra declared in the package metadata, present or not."""
    try:
        meta = metadata.metadata("eventwire")
    except metadata.PackageNotFoundError:
        return [Check("extras", False, "eventwire's metadata is missing",
                      "pip install eventwire (or pip install -e . in a checkout)", False)]
    checks = []
    for extra in meta.get_all("Provides-Extra") or []:
        wanted = [Requirement(r) for r in meta.get_all("Requires-Dist") or []]
        members = [r for r in wanted
                   if r.marker is not None and r.marker.evaluate({"extra": extra})]
        missing = [r.name for r in members if not _installed(r.name)]
        detail = (f"missing {', '.join(missing)}" if missing
                  else f"installed ({', '.join(r.name for r in members)})")
        checks.append(Check(f"extra [{extra}]", not missing, detail,
                            f"pip install 'eventwire[{extra}]'" if missing else "", False))
    return checks


def _installed(name: str) -> bool:
    try:
        metadata.version(name)
    except metadata.PackageNotFoundError:
        return False
    return True


__all__ = ["Check", "run_checks"]
