"""One options object for the whole pipeline, read from layered TOML files.

Defaults live in ``settings.toml`` beside this module (commented); a user file is
layered over them. Stages receive the one :class:`Options` object instead of threading
keyword arguments through every call.
"""

from __future__ import annotations

import os
import tomllib
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from eventwire.errors import OptionsError

SETTINGS_ENV = "EVENTWIRE_SETTINGS"


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class IngestOptions(_Section):
    max_bytes: int = Field(gt=0)
    max_text_chars: int = Field(gt=0)
    max_token_chars: int = Field(1000, gt=100)
    min_text_chars: int = Field(ge=0)
    skip_hidden: bool
    extract_timeout: float = Field(gt=0)
    log_every_seconds: float = Field(gt=0)


class FetchOptions(_Section):
    """Limits on fetching a URL (``ingest --fetch``, the API's analyse endpoint); the
    defaults here match settings.toml, so an options object made without the section
    fetches as safely as one read from it."""

    max_bytes: int = Field(0, ge=0)  # on the wire; 0: the same as ingest.max_bytes
    max_decompressed_bytes: int = Field(50_000_000, gt=0)
    max_redirects: int = Field(5, ge=0)
    connect_timeout: float = Field(10.0, gt=0)
    timeout: float = Field(60.0, gt=0)  # the whole fetch, redirects included
    contact: str = ""  # a URL or e-mail in the User-Agent, for site owners to reach you
    allow_private: bool = False  # loopback and private networks (tests, an intranet)


class DedupOptions(_Section):
    threshold: float = Field(gt=0, le=1)
    shingle_words: int = Field(ge=1)
    num_perm: int = Field(ge=16)


class LanguageOptions(_Section):
    candidates: tuple[str, ...]
    min_passage_letters: int = Field(ge=1)


class StoreOptions(_Section):
    path: str


class CorroborateOptions(_Section):
    time_slack_days: int = Field(ge=0)
    report_lag_days: int = Field(ge=0)
    city_km: float = Field(gt=0)
    region_km: float = Field(gt=0)
    genre_weights: dict[str, float]
    modality_weights: dict[str, float]
    batch_mentions: int = Field(ge=100)


class PipelineOptions(_Section):
    # versioned stage names, in the order they run; the registry checks that each one's
    # requirements are assigned by an earlier one
    stages: tuple[str, ...] = Field(min_length=1)


class HybridOptions(_Section):
    # the learned classifier's probability at which its type replaces the rules' type, and
    # at which its NONE drops the mention (above 1: never)
    replace_above: float = Field(ge=0)
    drop_none_above: float = Field(ge=0)
    model: str = ""  # a folder with model.onnx, tokenizer.json, labels.json; "": packaged


class EventsOptions(_Section):
    coder: str = Field(min_length=1)  # versioned name of an event coder in the registry
    calibrate: bool = False  # the learned confidence model in place of the coder's own
    hybrid: HybridOptions


class AnalyticsOptions(_Section):
    sparse_below: int = Field(ge=1)  # a figure from fewer events (or mentions) is sparse
    baseline_periods: int = Field(ge=2)  # z-scores: the rolling baseline's length
    min_baseline_periods: int = Field(ge=2)  # no z-score from a shorter baseline
    bootstrap_samples: int = Field(ge=100)
    confidence: float = Field(gt=0.5, lt=1)
    compare_min_baseline: int = Field(ge=1)  # no percentage change from fewer events
    seed: int = 0


class Options(_Section):
    pipeline: PipelineOptions
    events: EventsOptions
    ingest: IngestOptions
    dedup: DedupOptions
    languages: LanguageOptions
    store: StoreOptions
    corroborate: CorroborateOptions
    analytics: AnalyticsOptions
    fetch: FetchOptions = FetchOptions()

    def with_overrides(self, overrides: dict[str, Any]) -> Options:
        """A copy with ``{"section": {"key": value}}`` layered over this one."""
        return _validate(_merge(self.model_dump(), overrides), "overrides")


def _merge(base: dict[str, Any], top: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in top.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _validate(data: dict[str, Any], origin: str) -> Options:
    try:
        return Options.model_validate(data)
    except ValidationError as exc:
        raise OptionsError(f"invalid settings: {exc}", source=origin) from exc


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise OptionsError("settings file not found", source=str(path)) from exc
    except tomllib.TOMLDecodeError as exc:
        raise OptionsError(f"settings file is not valid TOML: {exc}", source=str(path)) from exc


@cache
def _defaults() -> dict[str, Any]:
    text = resources.files("eventwire").joinpath("settings.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def load_options(user_file: Path | None = None) -> Options:
    """Defaults, then the user's settings file (argument, else $EVENTWIRE_SETTINGS)."""
    data = _defaults()
    if user_file is None and os.environ.get(SETTINGS_ENV):
        user_file = Path(os.environ[SETTINGS_ENV])
    if user_file is not None:
        data = _merge(data, _read_toml(user_file))
        return _validate(data, str(user_file))
    return _validate(data, "settings.toml")
