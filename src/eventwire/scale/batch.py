"""``eventwire batch``: inputs through the pipeline into a folder of Parquet parts.

Two engines write the same layout (:mod:`eventwire.scale.layout`):

* ``local``: one :class:`~eventwire.scale.analyse.BlockAnalyser` in this process, block
  after block; needs nothing beyond the default install.
* ``ray``: Ray Data streams the blocks through a pool of ``workers`` actors, each a
  BlockAnalyser that built the pipeline once; this process only lists the inputs and
  writes each finished part as it arrives (in input order), so it holds one part at a time.

Ray is imported only here, inside :func:`_ray_parts`, so the default install never loads it.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path
from typing import Any

import pyarrow as pa

from eventwire._version import __version__
from eventwire.errors import BatchError
from eventwire.options import Options
from eventwire.scale.analyse import BlockAnalyser, input_rows
from eventwire.scale.layout import (
    FORMAT,
    TABLES,
    PartWriter,
    from_ipc,
    prepare_folder,
    settings_hash,
    write_manifest,
)

ENGINES = ("local", "ray")
RAY_MISSING = ("--engine ray needs Ray, which is not installed: pip install 'eventwire[ray]' "
               "(or use --engine local)")


@dataclass(frozen=True)
class BatchSettings:
    engine: str = "local"
    workers: int = 1
    address: str | None = None  # an existing Ray cluster; None starts a local Ray
    block_inputs: int = 8  # inputs per block, and so per part
    dictionaries: tuple[Path, ...] = ()

    @property
    def dictionary_paths(self) -> list[str]:
        """The dictionaries as workers and the manifest take them (JSON-ready strings)."""
        return [str(d) for d in self.dictionaries]


@dataclass
class BatchReport:
    out: Path
    parts: int
    counts: dict[str, int]
    statuses: dict[str, int]
    seconds: float
    manifest: dict[str, Any] = field(default_factory=dict)

    @property
    def documents_per_second(self) -> float:
        return self.counts["documents"] / self.seconds if self.seconds else 0.0


Progress = Callable[[int], None]  # called with the number of parts written so far


def run_batch(paths: list[str], out: Path, options: Options, settings: BatchSettings,
              force: bool = False, progress: Progress | None = None) -> BatchReport:
    """Analyse everything under ``paths`` into ``out``; the manifest is written last."""
    if settings.engine not in ENGINES:
        raise BatchError(f"unknown engine {settings.engine!r}; choose one of "
                         f"{', '.join(ENGINES)}")
    if settings.address and settings.engine != "ray":
        raise BatchError("--address names a Ray cluster: use it with --engine ray")
    if settings.workers < 1 or settings.block_inputs < 1:
        raise BatchError("--workers and --block-inputs must be at least 1")
    prepare_folder(out, force)
    started_at = datetime.now(UTC)
    started = time.perf_counter()
    writer = PartWriter(out)
    parts = _ray_parts if settings.engine == "ray" else _local_parts
    for tables in parts(paths, options, settings):
        writer.write(tables)
        if progress:
            progress(writer.parts)
    seconds = time.perf_counter() - started
    manifest = _manifest(paths, options, settings, writer, started_at, seconds)
    write_manifest(out, manifest)
    return BatchReport(out, writer.parts, writer.counts, writer.statuses, seconds, manifest)


def _manifest(paths: list[str], options: Options, settings: BatchSettings,
              writer: PartWriter, started_at: datetime, seconds: float) -> dict[str, Any]:
    options_json = options.model_dump(mode="json")
    dictionaries = settings.dictionary_paths
    return {
        "format": FORMAT,
        "eventwire_version": __version__,
        "versions": _versions(settings.engine),
        "engine": settings.engine,
        "workers": settings.workers,
        "block_inputs": settings.block_inputs,
        "inputs": list(paths),
        "dictionaries": dictionaries,
        "settings_hash": settings_hash(options_json, dictionaries),
        "options": options_json,
        "started": started_at.isoformat(timespec="seconds"),
        "seconds": round(seconds, 3),
        "parts": writer.parts,
        "tables": list(TABLES),
        "counts": writer.counts,
        "statuses": writer.statuses,
    }


def _versions(engine: str) -> dict[str, str]:
    import pyarrow
    import spacy

    versions = {"eventwire": __version__, "spacy": spacy.__version__,
                "pyarrow": pyarrow.__version__}
    if engine == "ray":
        import ray

        versions["ray"] = ray.__version__
    return versions


# -- engines: each yields the parts' tables in input order ---------------------------------
def _local_parts(paths: list[str], options: Options,
                 settings: BatchSettings) -> Iterator[dict[str, pa.Table]]:
    analyser = BlockAnalyser(options.model_dump(mode="json"),
                             settings.dictionary_paths)
    rows = input_rows(paths, options)
    while block := list(islice(rows, settings.block_inputs)):
        yield analyser.analyse(block).to_arrow()


def _ray_parts(paths: list[str], options: Options,
               settings: BatchSettings) -> Iterator[dict[str, pa.Table]]:
    ray = _import_ray()
    started_here = _connect(ray, settings)
    context = ray.data.DataContext.get_current()
    ordered_before = context.execution_options.preserve_order
    try:
        rows = list(input_rows(paths, options))  # paths and sizes only, never contents
        if not rows:
            return
        # parts must come in input order: load replays them in that order
        context.execution_options.preserve_order = True
        blocks = math.ceil(len(rows) / settings.block_inputs)
        dataset = ray.data.from_items(rows, override_num_blocks=blocks).map_batches(
            BlockAnalyser,
            fn_constructor_kwargs={"options": options.model_dump(mode="json"),
                                   "dictionaries": settings.dictionary_paths},
            batch_size=settings.block_inputs,
            batch_format="numpy",
            # a fixed pool: each actor builds its pipeline once and keeps it
            compute=ray.data.ActorPoolStrategy(size=settings.workers),
            num_cpus=1,
        )
        for row in dataset.iter_rows():
            yield {table: from_ipc(row[table]) for table in TABLES}
    finally:
        # the caller's Ray Data settings as they were (a notebook's Ray goes on)
        context.execution_options.preserve_order = ordered_before
        if started_here:
            ray.shutdown()


def _import_ray() -> Any:
    try:
        import ray
        import ray.data  # Ray Data comes with the ray[data] extra, not plain ray
    except ImportError as exc:
        raise BatchError(RAY_MISSING) from exc
    return ray


def _connect(ray: Any, settings: BatchSettings) -> bool:
    """Join the cluster at ``address``, or start a local Ray with a CPU per worker; True
    when this call started Ray (and so must stop it). A Ray already started in this
    process (a test, a notebook) is used as it is."""
    if ray.is_initialized():
        return False
    if settings.address:
        try:
            ray.init(address=settings.address)
        except (ConnectionError, RuntimeError, ValueError) as exc:
            raise BatchError(f"cannot join the Ray cluster: {exc}",
                             source=settings.address) from exc
    else:
        ray.init(num_cpus=settings.workers, include_dashboard=False)
    return True
