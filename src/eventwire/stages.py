"""The built-in stages and event coder, declared as any third party declares its own.

Their names are those documents have always recorded, so stored provenance does not
change. The registry reads :data:`STAGES` and :data:`CODERS` before it looks at entry points.
"""

from __future__ import annotations

from dataclasses import dataclass

from eventwire import anatomy
from eventwire.context import Resources, StageContext
from eventwire.document import Document
from eventwire.events import coder as rules
from eventwire.events import hybrid
from eventwire.events.calibration import ConfidenceModel, calibrated
from eventwire.events.calibration import packaged_model as packaged_confidence
from eventwire.events.protocol import EventCoder
from eventwire.extract import actors, places, quotes, times
from eventwire.extract.dictionary import first_country_named
from eventwire.options import Options
from eventwire.registry import Stage, coder, stage

EVENTS = "eventwire.events.v1"


@stage(anatomy.STAGE, requires=["text"], assigns=["anatomy"])
def anatomy_stage(options: Options, resources: Resources) -> Stage:
    def run(doc: Document, ctx: StageContext) -> Document:
        layer = anatomy.analyse(doc, ctx.options, resources.identifier)
        return doc.model_copy(update={"anatomy": layer})
    return run


@stage(actors.STAGE, requires=["text", "anatomy"], assigns=["actors"])
def actors_stage(options: Options, resources: Resources) -> Stage:
    def run(doc: Document, ctx: StageContext) -> Document:
        day = doc.anatomy.published if doc.anatomy else None
        outlets = [(c.span[0], c.span[1], c.source) for c in doc.anatomy.cites] \
            if doc.anatomy else []
        found = resources.actor_extractor.extract(ctx.parse(), day, outlets,
                                                  _signing_state(doc))
        return doc.model_copy(update={"actors": found})
    return run


# Genres in which an office speaks for its own state ("the Ministry", "the minister").
_SIGNED = ("press_release", "statement")


def _signing_state(doc: Document) -> str | None:
    anatomy_ = doc.anatomy
    if anatomy_ is None or anatomy_.genre not in _SIGNED:
        return None
    return first_country_named(anatomy_.publisher)


@stage(places.STAGE, requires=["text", "actors"], assigns=["places"])
def places_stage(options: Options, resources: Resources) -> Stage:
    def run(doc: Document, ctx: StageContext) -> Document:
        found = resources.place_resolver.resolve(ctx.parse(), doc.actors or [])
        return doc.model_copy(update={"places": found})
    return run


@stage(times.STAGE, requires=["text", "anatomy"], assigns=["times"])
def times_stage(options: Options, resources: Resources) -> Stage:
    def run(doc: Document, ctx: StageContext) -> Document:
        layer = doc.anatomy
        found = times.find_times(doc.text, layer.published if layer else None,
                                 layer.date_order if layer else "DMY")
        return doc.model_copy(update={"times": found})
    return run


@stage(quotes.STAGE, requires=["text", "actors"], assigns=["quotes", "claims", "actors"])
def quotes_stage(options: Options, resources: Resources) -> Stage:
    """Quotes and the numeric claims in the text, claims inside a quote attributed to its
    speaker; speakers the actor layer had not kept become actors."""
    def run(doc: Document, ctx: StageContext) -> Document:
        found, speakers = resources.quote_extractor.extract_with_speakers(
            ctx.parse(), doc.actors or [])
        claims = resources.claim_finder.find(ctx.parse(), found)
        return doc.model_copy(update={"quotes": found, "claims": claims, "actors": speakers})
    return run


@dataclass(frozen=True)
class EventsStage:
    """Runs the coder chosen in ``[events] coder`` and links each mention to the place and
    time of its sentence. Recorded under the coder's name, so provenance says which coder
    made the events; the confidence model, when there is one, recalibrates their
    confidence (:mod:`eventwire.events.calibration`)."""

    coder: EventCoder
    confidence: ConfidenceModel | None = None

    @property
    def name(self) -> str:
        return self.coder.name

    def __call__(self, doc: Document, ctx: StageContext) -> Document:
        found = [rules.link(event, doc.places or [], doc.times or [])
                 for event in self.coder.code(ctx.parse(), doc)]
        return doc.model_copy(update={"events": calibrated(found, doc, self.confidence)})


@stage(EVENTS, requires=["text", "anatomy", "actors", "places", "times"], assigns=["events"])
def events_stage(options: Options, resources: Resources) -> Stage:
    return EventsStage(resources.coder,
                       packaged_confidence() if options.events.calibrate else None)


@coder(rules.CODER)
def rule_coder(options: Options, resources: Resources) -> EventCoder:
    return rules.RuleCoder(resources.lexicon)


@coder(hybrid.CODER)
def hybrid_coder(options: Options, resources: Resources) -> EventCoder:
    """The rule coder with the learned pair classifier (loaded once per process)."""
    from eventwire.events.learned import pair_classifier

    settings = options.events.hybrid
    return hybrid.HybridCoder(
        rules.RuleCoder(resources.lexicon), pair_classifier(settings.model),
        hybrid.Thresholds(settings.replace_above, settings.drop_none_above))


STAGES = (anatomy_stage, actors_stage, places_stage, times_stage, quotes_stage, events_stage)
CODERS = (rule_coder, hybrid_coder)
