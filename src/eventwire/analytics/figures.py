"""One figure of a series: the events behind it with their contributions, its count and
weight, its uncertainty band, the value shown after normalisation and the denominator that
value was divided by.

Bands are a Poisson bootstrap over the figure's events: each resample draws every event a
Poisson(1) number of times, so the count varies as a count of rare events does, and the
weight with it. Above BOOTSTRAP_UP_TO events the bootstrap's own limit is used instead: a
normal band with the compound-Poisson variance, the sum of the squared contributions (the
two agree there, and the bootstrap would cost a thousand draws per event). A figure with
no events has the exact Poisson upper bound on its count (-ln((1 - confidence) / 2), 3.69
events at 95%) and a weight band of zero.
"""

from __future__ import annotations

import hashlib
import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

import numpy as np

from eventwire.options import AnalyticsOptions

NORMALISATIONS = ("raw", "volume", "share", "zscore")
BOOTSTRAP_UP_TO = 30
MEASURES = ("weight", "count")


@dataclass(frozen=True)
class Contribution:
    """One event's part in a figure: units (1, or its mentions) and weight, |score| x c."""

    event_id: str
    units: int
    weight: Decimal
    score: float


@dataclass(frozen=True)
class Figure:
    events: tuple[Contribution, ...]
    measure: str  # weight | count: what `value` is made of
    value: float | None = None  # the figure as shown (after normalisation)
    low: float | None = None
    high: float | None = None
    denominator: dict[str, Any] | None = None
    sparse: bool = False
    note: str | None = None  # why a value is missing

    @property
    def count(self) -> int:
        return sum(c.units for c in self.events)

    @property
    def weight(self) -> Decimal:
        return sum((c.weight for c in self.events), Decimal(0))

    @property
    def raw(self) -> float:
        return float(self.weight) if self.measure == "weight" else float(self.count)

    def fields(self) -> dict[str, Any]:
        """The figure as the columns of one flat row (CSV, Parquet exports)."""
        denominator = self.denominator or {}
        return {"value": _round(self.value), "low": _round(self.low),
                "high": _round(self.high), "count": self.count, "weight": str(self.weight),
                "denominator": denominator.get("value"),
                "denominator_what": denominator.get("what"), "sparse": self.sparse,
                "event_ids": [c.event_id for c in self.events]}

    def as_json(self, explain: bool = False) -> dict[str, Any]:
        found: dict[str, Any] = {
            "value": _round(self.value), "low": _round(self.low), "high": _round(self.high),
            "count": self.count, "weight": str(self.weight), "measure": self.measure,
            "denominator": self.denominator, "sparse": self.sparse,
            "event_ids": [c.event_id for c in self.events]}
        if self.note:
            found["note"] = self.note
        if explain:
            found["contributions"] = [
                {"event": c.event_id, "units": c.units, "weight": str(c.weight),
                 "score": c.score} for c in self.events]
        return found


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 6)


def merge(events: Sequence[Contribution]) -> tuple[Contribution, ...]:
    """Contributions with each event once (an event can reach a figure by two routes),
    biggest first."""
    unique = {c.event_id: c for c in events}
    return tuple(sorted(unique.values(), key=lambda c: (-c.weight, c.event_id)))


def with_band(figure: Figure, settings: AnalyticsOptions, sparse_below: int) -> Figure:
    """The raw figure, its bootstrap band and whether it rests on too few events."""
    low, high = raw_band(figure, settings)
    return replace(figure, value=figure.raw, low=low, high=high,
                   sparse=len(figure.events) < sparse_below)


def raw_band(figure: Figure, settings: AnalyticsOptions) -> tuple[float, float]:
    if not figure.events:
        if figure.measure == "count":
            return 0.0, -math.log((1 - settings.confidence) / 2)
        return 0.0, 0.0
    values = np.array([float(c.weight) if figure.measure == "weight" else c.units
                       for c in figure.events])
    if len(values) > BOOTSTRAP_UP_TO:
        spread = statistics.NormalDist().inv_cdf(0.5 + settings.confidence / 2) * math.sqrt(
            float(values @ values))
        total = float(values.sum())
        return max(0.0, total - spread), total + spread
    totals = resample(values, [c.event_id for c in figure.events], settings)
    tail = (1 - settings.confidence) / 2 * 100
    return float(np.percentile(totals, tail)), float(np.percentile(totals, 100 - tail))


def resample(values: np.ndarray, ids: Sequence[str], settings: AnalyticsOptions,
             ) -> np.ndarray:
    """Poisson-bootstrap totals of ``values``, seeded by the events' ids and the settings'
    seed, so the same figure always gets the same band."""
    draws = poisson_draws(len(values), ids, settings)
    return draws @ values


def poisson_draws(n: int, ids: Sequence[str], settings: AnalyticsOptions) -> np.ndarray:
    digest = hashlib.sha256(("\n".join(sorted(ids)) + f"#{settings.seed}").encode()).digest()
    rng = np.random.default_rng(int.from_bytes(digest[:8], "big"))
    return rng.poisson(1.0, size=(settings.bootstrap_samples, n))


@dataclass
class Denominators:
    """What each period's figure may be divided by: the corpus volume of the period and the
    total of the pair (dyad) or region (influence) in the period."""

    volume: list[float] = field(default_factory=list)
    total: list[float] = field(default_factory=list)
    total_label: str = "pair total"


def normalise(series: list[Figure], how: str, denominators: Denominators,
              settings: AnalyticsOptions) -> list[Figure]:
    """The series' figures with ``value``, ``low`` and ``high`` in the scale ``how`` names
    and the denominator beside them. ``series`` holds raw figures with their bands."""
    if how == "raw":
        return [replace(f, denominator=None) for f in series]
    if how in ("volume", "share"):
        bases = denominators.volume if how == "volume" else denominators.total
        what = "corpus volume" if how == "volume" else denominators.total_label
        return [_divided(f, base, what) for f, base in zip(series, bases, strict=True)]
    if how == "zscore":
        raws = [f.raw for f in series]
        return [_zscore(f, raws[max(0, i - settings.baseline_periods):i], settings)
                for i, f in enumerate(series)]
    raise ValueError(f"unknown normalisation {how!r}")


def _divided(figure: Figure, base: float, what: str) -> Figure:
    denominator = {"what": what, "value": round(base, 6)}
    if base <= 0:
        return replace(figure, value=None, low=None, high=None, denominator=denominator,
                       note=f"no {what} in this period")
    return replace(figure, value=figure.raw / base,
                   low=None if figure.low is None else figure.low / base,
                   high=None if figure.high is None else figure.high / base,
                   denominator=denominator)


def _zscore(figure: Figure, baseline: list[float], settings: AnalyticsOptions) -> Figure:
    denominator: dict[str, Any] = {"what": "rolling baseline", "periods": len(baseline)}
    if len(baseline) < settings.min_baseline_periods:
        return replace(figure, value=None, low=None, high=None, denominator=denominator,
                       note=f"baseline of {len(baseline)} periods; "
                            f"{settings.min_baseline_periods} needed")
    mean, spread = statistics.fmean(baseline), statistics.pstdev(baseline)
    denominator.update(mean=round(mean, 6), sd=round(spread, 6))
    if spread == 0:
        return replace(figure, value=None, low=None, high=None, denominator=denominator,
                       note="the baseline does not vary")
    return replace(figure, value=(figure.raw - mean) / spread,
                   low=None if figure.low is None else (figure.low - mean) / spread,
                   high=None if figure.high is None else (figure.high - mean) / spread,
                   denominator=denominator)
