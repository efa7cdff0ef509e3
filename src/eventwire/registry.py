"""The registry of stages and event coders: what a pipeline can be built from.

A stage is declared with its versioned name (recorded in every document it touches), the
document layers it requires and those it assigns, and a factory that receives the options
and the shared :class:`~eventwire.context.Resources` and returns the stage: a callable
``(document, context) -> document``. Event coders are declared the same way, with a factory
that returns an :class:`~eventwire.events.protocol.EventCoder`.

Settings choose among them: ``[pipeline] stages`` (in order) and ``[events] coder``. The
built-in stages and coder (:mod:`eventwire.stages`) are found here like any other; third
parties declare theirs with :func:`stage` or :func:`coder` and publish them as entry points,
named by the stage's or coder's name, in the groups ``eventwire.stages`` and
``eventwire.coders``::

    [project.entry-points."eventwire.stages"]
    "acme.sentiment.v1" = "acme_eventwire.stages:sentiment"

An entry point is loaded only when settings name it. :meth:`Registry.check` refuses, at
pipeline construction, a stage whose requirements no earlier stage assigns.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib.metadata import EntryPoint, entry_points
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from eventwire.document import Document
from eventwire.errors import OptionsError

if TYPE_CHECKING:
    from eventwire.context import Resources, StageContext
    from eventwire.events.protocol import EventCoder
    from eventwire.options import Options

STAGE_GROUP = "eventwire.stages"
CODER_GROUP = "eventwire.coders"
BUILTINS = "eventwire.stages"  # the module that declares the built-in stages and coder

#: What a document holds before any stage runs: the ingest step fills these in.
INGESTED = frozenset({"id", "source", "locator", "url", "format", "text", "raw_sha256",
                      "extractor", "language", "truncated", "hints", "duplicate_of",
                      "similarity"})
#: The layers a stage may require or assign: the Document's fields.
LAYERS = frozenset(Document.model_fields) - {"stages"}


class Stage(Protocol):
    """A built stage. ``name``, where the object has one, is what provenance records (the
    events stage records its coder's name); otherwise the declared name is recorded."""

    def __call__(self, document: Document, context: StageContext, /) -> Document: ...


StageFactory = Callable[["Options", "Resources"], Stage]
CoderFactory = Callable[["Options", "Resources"], "EventCoder"]


@dataclass(frozen=True)
class StageSpec:
    """A declared stage: its name, its requirements and products, and its factory."""

    name: str
    factory: StageFactory
    requires: tuple[str, ...] = ()
    assigns: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        unknown = [layer for layer in (*self.requires, *self.assigns) if layer not in LAYERS]
        if unknown:
            raise OptionsError(
                f"stage {self.name!r} names unknown layers {unknown}; a stage requires and "
                f"assigns fields of the Document: {', '.join(sorted(LAYERS))}",
                source=self.name)

    def build(self, options: Options, resources: Resources) -> Stage:
        return self.factory(options, resources)


@dataclass(frozen=True)
class CoderSpec:
    """A declared event coder: its name and its factory."""

    name: str
    factory: CoderFactory

    def build(self, options: Options, resources: Resources) -> EventCoder:
        from eventwire.events.protocol import EventCoder

        built = self.factory(options, resources)
        if not isinstance(built, EventCoder):
            raise OptionsError(f"the factory of coder {self.name!r} returned {built!r}, which "
                               "has no `name` and `code(parse, document)`", source=self.name)
        if built.name != self.name:
            # provenance is read from the coder; a mismatch would file its events under
            # another coder's name
            raise OptionsError(f"coder {self.name!r} builds a coder named {built.name!r}; "
                               "declare it under the name it records", source=self.name)
        return built


def stage(name: str, *, requires: Iterable[str] = (),
          assigns: Iterable[str] = ()) -> Callable[[StageFactory], StageSpec]:
    """Declare a stage factory: ``@stage("acme.sentiment.v1", requires=["text"],
    assigns=["hints"])``. The decorated name becomes the :class:`StageSpec`, which an
    entry point in the ``eventwire.stages`` group can point at."""
    def declare(factory: StageFactory) -> StageSpec:
        return StageSpec(name, factory, tuple(requires), tuple(assigns))
    return declare


def coder(name: str) -> Callable[[CoderFactory], CoderSpec]:
    """Declare an event coder factory; an entry point in ``eventwire.coders`` points at it."""
    def declare(factory: CoderFactory) -> CoderSpec:
        return CoderSpec(name, factory)
    return declare


Spec = TypeVar("Spec", StageSpec, CoderSpec)


class Registry:
    """Stages and coders by name: the built-ins, those added in code, then entry points."""

    def __init__(self) -> None:
        self._stages: dict[str, StageSpec] = {}
        self._coders: dict[str, CoderSpec] = {}
        self._builtins_loaded = False

    # -- adding -----------------------------------------------------------------------------
    def add(self, spec: StageSpec | CoderSpec) -> None:
        table: dict[str, Any] = self._stages if isinstance(spec, StageSpec) else self._coders
        known = table.get(spec.name)
        if known is not None and known is not spec:
            raise OptionsError(f"two different {_kind(spec)}s are declared as {spec.name!r}; "
                               "give one of them another (versioned) name", source=spec.name)
        table[spec.name] = spec

    # -- finding ----------------------------------------------------------------------------
    def stage(self, name: str) -> StageSpec:
        return self._find(name, self._stages, STAGE_GROUP, StageSpec)

    def coder(self, name: str) -> CoderSpec:
        return self._find(name, self._coders, CODER_GROUP, CoderSpec)

    def stage_names(self) -> list[str]:
        self._load_builtins()
        return sorted({*self._stages, *(ep.name for ep in entry_points(group=STAGE_GROUP))})

    def coder_names(self) -> list[str]:
        self._load_builtins()
        return sorted({*self._coders, *(ep.name for ep in entry_points(group=CODER_GROUP))})

    def _find(self, name: str, table: dict[str, Spec], group: str, kind: type[Spec]) -> Spec:
        self._load_builtins()
        if name not in table:
            point = next((ep for ep in entry_points(group=group) if ep.name == name), None)
            if point is not None:
                self.add(_load(point, kind))
        if name not in table:
            names = self.stage_names() if kind is StageSpec else self.coder_names()
            setting = "[pipeline] stages" if kind is StageSpec else "[events] coder"
            raise OptionsError(
                f"no {_kind(kind)} named {name!r} (settings {setting}); available: "
                f"{', '.join(names)}. A third-party one needs its package installed, with an "
                f"entry point of that name in the group {group!r}", source=name)
        return table[name]

    def _load_builtins(self) -> None:
        if self._builtins_loaded:
            return
        self._builtins_loaded = True
        builtins = importlib.import_module(BUILTINS)
        for spec in (*builtins.STAGES, *builtins.CODERS):
            self.add(spec)

    # -- checking ---------------------------------------------------------------------------
    def check(self, names: Iterable[str]) -> list[StageSpec]:
        """The stages named, in order, each of whose requirements an earlier stage (or
        ingest) assigns; else an OptionsError that says which and how to fix it."""
        specs = [self.stage(name) for name in names]
        assigned = set(INGESTED)
        for position, spec in enumerate(specs):
            missing = [layer for layer in spec.requires if layer not in assigned]
            if missing:
                raise OptionsError(_unmet(spec, missing, specs[:position], self), source=spec.name)
            assigned.update(spec.assigns)
        return specs


def _load(point: EntryPoint, kind: type[Spec]) -> Spec:
    where = f"entry point {point.name} = {point.value} (group {point.group})"
    try:
        loaded = point.load()
    except Exception as exc:  # a broken plugin must say which, not crash with a traceback
        raise OptionsError(f"cannot load {where}: {type(exc).__name__}: {exc}",
                           source=point.name) from exc
    if not isinstance(loaded, kind):
        decorator = "stage" if kind is StageSpec else "coder"
        raise OptionsError(f"{where} points at {loaded!r}; it must point at a factory "
                           f"declared with @eventwire.registry.{decorator}(...)",
                           source=point.name)
    if loaded.name != point.name:
        raise OptionsError(f"{where} declares the name {loaded.name!r}; the entry point's name "
                           "and the declared name must be the same", source=point.name)
    return loaded


def _unmet(spec: StageSpec, missing: list[str], before: list[StageSpec],
           registry: Registry) -> str:
    providers = [name for name in registry.stage_names()
                 if set(missing) & set(_assigns(registry, name))]
    earlier = ", ".join(s.name for s in before) or "none"
    hint = f"add {' or '.join(providers)} before it" if providers else \
        "no known stage assigns it"
    return (f"stage {spec.name!r} requires {', '.join(missing)}, which no earlier stage "
            f"assigns (stages before it: {earlier}); in [pipeline] stages, {hint}, or "
            "remove it")


def _assigns(registry: Registry, name: str) -> tuple[str, ...]:
    try:
        return registry.stage(name).assigns
    except OptionsError:  # a broken plugin elsewhere must not hide this error
        return ()


def _kind(spec: object) -> str:
    is_stage = spec is StageSpec or isinstance(spec, StageSpec)
    return "stage" if is_stage else "coder"


#: The registry pipelines are built from unless given another.
REGISTRY = Registry()
