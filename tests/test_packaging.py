"""The way in that is not a checkout: a wheel built from the sources, installed into a new
virtual environment, run from another folder. It must find its data files, its SQL and its
schema inside the package, and give the same contract as the editable install.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "press"

pytestmark = pytest.mark.slow


def _run(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"{args} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A wheel built from a copy of the sources (the checkout is left untouched)."""
    source = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    shutil.copytree(ROOT / "src", source / "src",
                    ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    out = tmp_path_factory.mktemp("wheel")
    _run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
          "--wheel-dir", str(out), str(source)], cwd=source)
    (found,) = out.glob("eventwire-*.whl")
    return found


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new venv with the wheel in it. Its dependencies come from this environment's
    site-packages through a .pth line (nothing is downloaded); the editable eventwire of
    this environment is not visible there, because a .pth line adds a folder without
    running the .pth files inside it."""
    venv = tmp_path_factory.mktemp("venv")
    _run([sys.executable, "-m", "venv", "--without-pip", str(venv)], cwd=venv)
    python = venv / "bin" / "python"
    _run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet",
          "--no-deps", "--no-index", str(wheel)], cwd=venv)
    site = Path(_run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()"
                      "['purelib'])"], cwd=venv).strip())
    (site / "outer_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return venv


def _clean_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items()
            if k not in ("EVENTWIRE_DATA", "EVENTWIRE_DB", "PYTHONPATH")}


def test_the_wheel_carries_every_file_the_code_opens(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {p.name for p in (ROOT / "src" / "eventwire" / "data").glob("*.yaml")}
    assert shipped and {f"eventwire/data/{n}" for n in shipped} <= names
    shipped_sql = {p.name for p in (ROOT / "src" / "eventwire" / "store" / "sql"
                                    / "migrations").glob("*.sql")}
    assert shipped_sql and {f"eventwire/store/sql/migrations/{n}"
                            for n in shipped_sql} <= names
    assert "eventwire/schema/contract.schema.json" in names
    assert "eventwire/settings.toml" in names
    shipped_model = {p.name for p in (ROOT / "src" / "eventwire" / "models" / "plover-pairs")
                     .iterdir() if p.is_file()}
    assert {"model.onnx", "tokenizer.json", "labels.json", "MODEL_CARD.md"} <= shipped_model
    assert {f"eventwire/models/plover-pairs/{n}" for n in shipped_model} <= names
    assert {"eventwire/models/mention-confidence/weights.json",
            "eventwire/models/mention-confidence/MODEL_CARD.md"} <= names
    metadata = next(n for n in names if n.endswith(".dist-info/METADATA"))
    assert "License-Expression: Apache-2.0" in zipfile.ZipFile(wheel).read(metadata).decode()


def test_an_installed_wheel_extracts_a_document_from_another_folder(
        installed: Path, tmp_path: Path) -> None:
    document = next(EXAMPLE.glob("*.txt"))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    copy = elsewhere / document.name
    shutil.copy(document, copy)
    env = _clean_env()
    where = _run([str(installed / "bin" / "python"), "-c",
                  "import eventwire; print(eventwire.__file__)"], cwd=elsewhere, env=env)
    assert where.startswith(str(installed)), where  # the wheel's copy, not the checkout's
    from_wheel = _run([str(installed / "bin" / "eventwire"), "extract", copy.name,
                       "--format", "jsonl"], cwd=elsewhere, env=env)
    from_checkout = _run([sys.executable, "-m", "eventwire", "extract", copy.name,
                          "--format", "jsonl"], cwd=elsewhere, env=env)
    wheel_doc, checkout_doc = _untimed(json.loads(from_wheel)), _untimed(json.loads(from_checkout))
    assert wheel_doc["document"]["title"] and wheel_doc["events"] and wheel_doc["places"]
    assert wheel_doc == checkout_doc


def _untimed(value: object) -> object:
    """The contract without the stages' timings, which differ from run to run."""
    if isinstance(value, dict):
        return {k: _untimed(v) for k, v in value.items() if k != "seconds"}
    if isinstance(value, list):
        return [_untimed(v) for v in value]
    return value


def test_an_installed_wheel_classifies_with_its_own_model(installed: Path,
                                                         tmp_path: Path) -> None:
    probe = ("from eventwire.events.learned import pair_classifier; c = pair_classifier(); "
             "print(c.folder); print(c.classify('Iran accused Israel of sabotage.', (0, 4), "
             "(14, 20))[0])")
    folder, label = _run([str(installed / "bin" / "python"), "-c", probe], cwd=tmp_path,
                         env=_clean_env()).split()
    assert folder.startswith(str(installed)), folder  # the wheel's package data
    assert label.isupper()


def test_an_installed_wheel_answers_version_and_doctor(installed: Path,
                                                      tmp_path: Path) -> None:
    env = _clean_env()
    version = _run([str(installed / "bin" / "eventwire", ), "--version"], cwd=tmp_path, env=env)
    assert version.startswith("eventwire ")
    report = _run([str(installed / "bin" / "eventwire"), "doctor", "--db",
                   str(tmp_path / "new.duckdb")], cwd=tmp_path, env=env)
    assert "ok  data folder: " + str(installed) in report
    assert "no store yet" in report
    assert not (tmp_path / "new.duckdb").exists()  # doctor reads, never creates
