"""The batch path (eventwire.scale): `batch` (local engine and Ray) then `load` leave a
store exactly as `ingest` of the same inputs does, Ray stays optional, and the folder is
the documented layout."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from eventwire.cli import app
from eventwire.scale.layout import TABLES
from eventwire.store import DocumentFilter, EventFilter, Store, open_store

from .conftest import EXAMPLES, ROOT

NEWS = EXAMPLES / "news"
ORIGINAL = NEWS / "syr-darya-times-2022-12-22-kazakh-uzbek-allied-treaty.html"
REPUBLISHED = NEWS / "saryarka-herald-republished-2022-12-23-kazakh-uzbek-allied-treaty.html"
PRESS = EXAMPLES / "press" / "mfa-uz-termez-humanitarian-2021.txt"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A near-duplicate pair, an exact copy, a binary file (fails), a hidden file
    (skipped) and a two-line JSONL (one input, two items)."""
    folder = tmp_path_factory.mktemp("corpus")
    for path in (ORIGINAL, REPUBLISHED, PRESS):
        shutil.copy(path, folder / path.name)
    shutil.copy(PRESS, folder / "zz-copy-of-the-press-release.txt")
    (folder / "broken.txt").write_bytes(b"\x00\x01\x02 not text")
    (folder / ".hidden.txt").write_text("never read")
    lines = (EXAMPLES / "jsonl" / "wire-digest.jsonl").read_text().splitlines()[:2]
    (folder / "digest.jsonl").write_text("\n".join(lines) + "\n")
    return folder


def _invoke(*args: str) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def _snapshot(path: Path) -> dict[str, Any]:
    """Everything ingest leaves behind, read through the Store protocol; stage timings
    (which differ from run to run) left out."""
    store: Store = open_store(str(path))
    try:
        docs = list(store.iter_documents(DocumentFilter()))
        run_id = store.latest_run_id()
        assert run_id is not None
        return {
            "documents": [
                {**d.model_dump(mode="json", exclude={"stages"}),
                 "stages": [s.name for s in d.stages]} for d in docs],
            "raw": {d.raw_sha256: store.raw_bytes(d.raw_sha256) for d in docs},
            "minhashes": sorted(store.minhashes()),
            "log": store.run_log(run_id),
            "actors": store.list_actors(),
            "places": store.list_places(),
            "quotes": store.list_quotes(),
            "mentions": [(doc_id, m.id) for doc_id, m in store.counting_mentions()],
            "events": [e.id for e in store.list_events(EventFilter())],
            "members": store.event_members(),
        }
    finally:
        store.close()


@pytest.fixture(scope="module")
def ingested(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    db = tmp_path_factory.mktemp("ingest") / "ingest.duckdb"
    _invoke("ingest", str(corpus), "--db", str(db))
    return _snapshot(db)


@pytest.fixture(scope="module")
def local_batch(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("local") / "batch"
    _invoke("batch", str(corpus), "--out", str(out), "--engine", "local",
            "--block-inputs", "2")
    return out


def _loaded(batch: Path, db: Path) -> dict[str, Any]:
    _invoke("load", str(batch), "--db", str(db))
    return _snapshot(db)


def test_the_reference_run_has_what_the_comparison_needs(ingested: dict[str, Any]) -> None:
    statuses = [entry.status for entry in ingested["log"]]
    reasons = {entry.reason for entry in ingested["log"]}
    assert "near_duplicate" in statuses and "failed" in statuses
    assert {"exact_duplicate", "hidden", "binary"} <= reasons
    assert ingested["events"]


def test_local_batch_then_load_equals_ingest(local_batch: Path, tmp_path: Path,
                                             ingested: dict[str, Any]) -> None:
    assert _loaded(local_batch, tmp_path / "loaded.duckdb") == ingested


def test_loading_twice_or_over_an_ingest_adds_nothing(local_batch: Path, corpus: Path,
                                                      tmp_path: Path,
                                                      ingested: dict[str, Any]) -> None:
    db = tmp_path / "twice.duckdb"
    first = _loaded(local_batch, db)
    second = _loaded(local_batch, db)
    assert second["documents"] == first["documents"] == ingested["documents"]
    assert second["events"] == first["events"]
    assert {e.status for e in second["log"]} <= {"skipped", "failed"}
    assert sum(e.reason == "exact_duplicate" for e in second["log"]) == len(
        [e for e in ingested["log"] if e.status in ("stored", "near_duplicate")]) + 1


def test_the_folder_is_the_documented_layout(local_batch: Path, corpus: Path) -> None:
    manifest = json.loads((local_batch / "manifest.json").read_text())
    assert manifest["format"] == "eventwire.batch.v1"
    assert manifest["inputs"] == [str(corpus)] and manifest["engine"] == "local"
    assert len(manifest["settings_hash"]) == 64
    assert manifest["parts"] == 4  # seven inputs in blocks of two
    for table in TABLES:
        files = sorted((local_batch / table).glob("part-*.parquet"))
        rows = sum(pq.read_metadata(f).num_rows for f in files)
        assert rows == manifest["counts"][table], table
    log = pq.read_table(local_batch / "log").to_pylist()
    keys = [(r["input"], r["item"]) for r in log]
    assert keys == sorted(keys)  # parts and rows in input order
    # the worker decides no duplicates: both copies are analysed, load tells them apart
    assert manifest["statuses"] == {"analysed": 6, "failed": 1, "skipped": 1}
    # a source's bytes once per part (the JSONL's two items share them); the exact copy
    # lies in another part, which carries its own, so that each part loads alone
    raw = pq.read_table(local_batch / "raw").to_pylist()
    assert len(raw) == 5 and len({r["sha256"] for r in raw}) == 4
    for number in range(manifest["parts"]):
        part = local_batch / "raw" / f"part-{number:05d}.parquet"
        shas = pq.read_table(part).column("sha256").to_pylist() if part.exists() else []
        assert len(shas) == len(set(shas))


def test_batch_refuses_a_folder_in_use_and_load_a_folder_that_is_no_batch(
        local_batch: Path, corpus: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    busy = runner.invoke(app, ["batch", str(corpus), "--out", str(local_batch)])
    assert busy.exit_code == 1 and "--force" in busy.output
    (tmp_path / "stray.txt").write_text("x")
    refused = runner.invoke(app, ["load", str(tmp_path), "--db", str(tmp_path / "x.duckdb")])
    assert refused.exit_code == 1 and "no manifest.json" in refused.output


def test_the_default_install_never_imports_ray(corpus: Path, tmp_path: Path) -> None:
    script = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from eventwire.cli import app\n"
        f"result = CliRunner().invoke(app, ['batch', {str(corpus / PRESS.name)!r}, '--out', "
        f"{str(tmp_path / 'out')!r}, '--engine', 'local'])\n"
        "assert result.exit_code == 0, result.output\n"
        "print('ray' in sys.modules)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          env=env, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "False"
    assert (tmp_path / "out" / "manifest.json").is_file()


def test_without_ray_the_ray_engine_says_what_to_install(
        corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)  # `import ray` now fails
    result = CliRunner().invoke(app, ["batch", str(corpus), "--out", str(tmp_path / "o"),
                                      "--engine", "ray"])
    assert result.exit_code == 1
    assert "pip install 'eventwire[ray]'" in " ".join(result.output.split())


@pytest.fixture()
def local_ray() -> Iterator[None]:
    ray = pytest.importorskip("ray")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield
    ray.shutdown()


# Ray's own modules warn about their deprecated settings; none of those is eventwire's
@pytest.mark.filterwarnings("ignore::DeprecationWarning:ray")
def test_ray_batch_then_load_equals_ingest(local_ray: None, corpus: Path, tmp_path: Path,
                                           ingested: dict[str, Any]) -> None:
    out = tmp_path / "ray-batch"
    _invoke("batch", str(corpus), "--out", str(out), "--engine", "ray", "--workers", "2",
            "--block-inputs", "2")
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["engine"] == "ray" and manifest["workers"] == 2
    assert "ray" in manifest["versions"]
    assert _loaded(out, tmp_path / "ray.duckdb") == ingested


def test_standard_input_and_force(tmp_path: Path) -> None:
    out = tmp_path / "stdin-batch"
    text = PRESS.read_text()
    runner = CliRunner()
    first = runner.invoke(app, ["batch", "-", "--out", str(out)], input=text)
    assert first.exit_code == 0, first.output
    again = runner.invoke(app, ["batch", "-", "--out", str(out), "--force"], input=text)
    assert again.exit_code == 0, again.output
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["counts"]["documents"] == 1 and manifest["parts"] == 1
    loaded = _loaded(out, tmp_path / "stdin.duckdb")
    assert [d["source"] for d in loaded["documents"]] == ["-"]
    assert [e.status for e in loaded["log"]] == ["stored"]


def test_address_belongs_to_the_ray_engine(corpus: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["batch", str(corpus), "--out", str(tmp_path / "o"),
                                      "--address", "auto"])
    assert result.exit_code == 1 and "--engine ray" in result.output
