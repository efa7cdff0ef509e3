"""Adding, listing and undoing corrections: what the CLI (`eventwire review`), the API
(`/api/corrections`) and the review page share.

A correction names an event (by id) or an event mention (by id, as it is now), a field and
its corrected value, and why. It is stored apart from the machine's output; corroboration
applies it (eventwire.corroborate.corrections), and after each change the events are
corroborated again so that every figure, export and answer reflects it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from eventwire._version import __version__
from eventwire.contract import Event
from eventwire.corroborate import corroborate
from eventwire.corroborate.corrections import (
    EVENT_FIELDS,
    MENTION_FIELDS,
    attach,
    parse_party,
    trigger_text,
)
from eventwire.document import EventMention
from eventwire.errors import EventwireError, StoreError
from eventwire.events.lexicon import QUADS
from eventwire.options import CorroborateOptions
from eventwire.store import Store
from eventwire.store.base import Correction

MODALITIES = ("asserted", "reported", "hypothetical", "negated", "opinion", "future",
              "historical")
SOURCE = "correction"  # the `source` of the errors this module raises


class CorrectionError(EventwireError):
    """A correction that cannot be stored as asked: no reason, an unknown field, a value
    the field cannot take. The API answers it with 422."""

    code = "E150"


@dataclass(frozen=True)
class Request:
    """A correction as asked for, before it is checked."""

    target: str  # an event id (or unique prefix) or an event mention's id
    field: str
    value: Any  # JSON value (a CLI string is parsed by :func:`parse_cli_value`)
    reason: str
    author: str


@dataclass(frozen=True)
class Listed:
    """A correction with what it is attached to now (None: orphaned)."""

    correction: Correction
    attached_to: str | None

    @property
    def orphaned(self) -> bool:
        return self.attached_to is None


def listed_json(row: Listed) -> dict[str, Any]:
    """A correction as the CLI and the API give it."""
    c = row.correction
    return {
        "id": c.id, "kind": c.kind, "target": c.target, "field": c.field, "value": c.value,
        "reason": c.reason, "author": c.author, "created": c.created.isoformat(),
        "coder": c.coder, "eventwire_version": c.eventwire_version,
        "key": {"document": c.document_id, "sentence": list(c.sentence) if c.sentence
                else None, "trigger": list(c.trigger) if c.trigger else None,
                "trigger_text": c.trigger_text} if c.kind == "mention" else None,
        "attached_to": row.attached_to, "orphaned": row.orphaned,
        "undone": c.undone.isoformat() if c.undone else None, "undone_by": c.undone_by,
        "undo_reason": c.undo_reason,
    }


def now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def add(store: Store, request: Request, opts: CorroborateOptions) -> Correction:
    """Check, store and apply one correction (corroboration re-runs over the store)."""
    reason = _required(request.reason, "a reason")
    author = _required(request.author, "an author")
    event, mention = _target(store, request.target)
    kind = "event" if event is not None else "mention"
    value = check_value(kind, request.field, request.value)
    if event is not None:
        correction = _event_correction(event, request.field, value, reason, author)
    else:
        assert mention is not None
        correction = _mention_correction(*mention, request.field, value, reason, author)
    with store.transaction():
        store.add_correction(correction)
    apply(store, opts)
    return correction


def undo(store: Store, correction_id: str, reason: str, author: str,
         opts: CorroborateOptions) -> Correction:
    """Mark a correction undone (it stays stored, with who undid it, when and why) and
    re-apply the corrections still in force."""
    reason = _required(reason, "a reason")
    with store.transaction():
        undone = store.undo_correction(correction_id, now(), _required(author, "an author"),
                                       reason)
    apply(store, opts)
    return undone


def apply(store: Store, opts: CorroborateOptions) -> None:
    """Corroborate the whole store again, so that the events reflect the corrections in
    force (a full run: a correction can move a mention between events, and ids are kept by
    shared mentions)."""
    corroborate(store, opts, "review-" + now().strftime("%Y%m%dT%H%M%S"), rebuild=True)


def listing(store: Store, include_undone: bool = False) -> list[Listed]:
    """The corrections (in force, or all), each with the mention or event it applies to
    now; a mention correction no mention has any more is orphaned."""
    corrections = store.corrections(include_undone)
    # an event is still there while it has members (shown, or withheld as wrong)
    events = set(store.members_of_events(
        {c.target for c in corrections if c.kind == "event"}).values())
    out = []
    for correction in corrections:
        if correction.kind == "mention":
            out.append(Listed(correction, attach(store, correction)))
        else:
            out.append(Listed(correction, correction.target
                              if correction.target in events else None))
    return out


def corrections_note(store: Store) -> dict[str, Any]:
    """What every figure, export and answer says about corrections: whether corrected data
    is included, and how many corrections are in force."""
    count = store.corrections_in_force()
    return {"included": count > 0, "in_force": count}


# -- checking ------------------------------------------------------------------------------

def _required(text: str | None, what: str) -> str:
    if text is None or not text.strip():
        raise CorrectionError(f"a correction needs {what}", source=SOURCE)
    return text.strip()


def _target(store: Store, target: str,
            ) -> tuple[Event | None, tuple[str, EventMention] | None]:
    """The event (by id or prefix) or the event mention (by id) a correction is about."""
    target = target.strip()
    if target.startswith("ev-"):
        return store.get_event(target), None
    found = store.event_mentions_by_id({target})
    if not found:
        raise StoreError(f"no event or event mention with id {target!r} (an event id starts "
                         "with 'ev-'; a mention's id is in `eventwire event ID`)",
                         source=target)
    return None, found[0]


def check_value(kind: str, field: str, value: Any) -> Any:
    """The corrected value in its stored form; InputError when it cannot be one."""
    fields = EVENT_FIELDS if kind == "event" else MENTION_FIELDS
    if field not in fields:
        raise CorrectionError(f"an {kind}'s field {field!r} cannot be corrected; choose one of "
                         + ", ".join(fields), source=SOURCE)
    if field == "wrong":
        return None
    if field in ("mode", "place") and value in (None, ""):
        return None  # no mode, no place: a correction too
    if field == "type":
        return _choice(str(value).strip().upper(), tuple(QUADS), "type")
    if field == "modality":
        return _choice(str(value).strip().lower(), MODALITIES, "modality")
    if field in ("source", "target"):
        return _parties(value)
    if field in ("start", "end"):
        return _day(value)
    if not isinstance(value, str) or not value.strip():
        raise CorrectionError(f"give the {field} as text", source=SOURCE)
    return value.strip()


def _choice(value: str, allowed: tuple[str, ...], what: str) -> str:
    if value not in allowed:
        raise CorrectionError(f"{value!r} is not a {what}; choose one of " + ", ".join(allowed),
                         source=SOURCE)
    return value


def _parties(value: Any) -> list[str]:
    codes = value.split(",") if isinstance(value, str) else value
    if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
        raise CorrectionError("give the side as party codes: RUS, RUS-MIL, IGO:CSTO", source=SOURCE)
    parties = []
    for code in (c for c in codes if c.strip()):
        try:
            parties.append(parse_party(code).code)
        except ValueError as exc:
            raise CorrectionError(str(exc), source=SOURCE) from exc
    if not parties:
        raise CorrectionError("a side needs at least one party (mark the record wrong instead)",
                         source=SOURCE)
    return parties


def _day(value: Any) -> str:
    try:
        return date.fromisoformat(str(value).strip()).isoformat()
    except ValueError as exc:
        raise CorrectionError(f"{value!r} is not a YYYY-MM-DD date", source=SOURCE) from exc


def parse_cli_value(field: str, text: str | None) -> Any:
    """A value given on the command line: JSON where it parses as a list, else the text
    (a side may be 'RUS,KAZ')."""
    if text is None:
        return None
    if field in ("source", "target") and text.strip().startswith("["):
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise CorrectionError(f"--value is not a JSON list: {exc}", source=SOURCE) from exc
    return text


# -- building the stored record --------------------------------------------------------------

def _correction_id(*parts: Any) -> str:
    """A content hash of what was corrected, how, why, by whom and when."""
    text = json.dumps(parts, default=str, sort_keys=True)
    return "cor-" + hashlib.sha256(text.encode()).hexdigest()[:12]


def _event_correction(event: Event, field: str, value: Any, reason: str,
                      author: str) -> Correction:
    created = now()
    return Correction(
        id=_correction_id("event", event.id, field, value, reason, author, created),
        kind="event", target=event.id, field=field, value=value, reason=reason,
        author=author, created=created, coder=event.coder, eventwire_version=__version__)


def _mention_correction(document_id: str, mention: EventMention, field: str, value: Any,
                        reason: str, author: str) -> Correction:
    created = now()
    return Correction(
        id=_correction_id("mention", mention.id, field, value, reason, author, created),
        kind="mention", target=mention.id, field=field, value=value, reason=reason,
        author=author, created=created, coder=mention.coder, eventwire_version=__version__,
        document_id=document_id, sentence=tuple(mention.evidence.span),  # type: ignore[arg-type]
        trigger=tuple(mention.evidence.trigger),  # type: ignore[arg-type]
        trigger_text=trigger_text(mention))
