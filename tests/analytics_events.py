"""Real-world events written by hand for the analytics tests: a store whose every figure can
be computed on paper (tests/test_analytics.py does so)."""

from __future__ import annotations

from eventwire.contract import Event, EventActor, EventMember, EventOrigin
from eventwire.store.base import Store

QUAD = {"AGREE": "verbal_cooperation", "CONSULT": "verbal_cooperation",
        "SUPPORT": "verbal_cooperation", "COOPERATE": "material_cooperation",
        "AID": "material_cooperation", "REQUEST": "verbal_conflict",
        "ACCUSE": "verbal_conflict", "MOBILIZE": "material_conflict",
        "ASSAULT": "material_conflict", "SANCTION": "material_conflict"}


def party(code: str) -> EventActor:
    """'RUS', 'RUS-MIL' or 'igo:EUROPEAN_COMMISSION' as an event party."""
    if code.startswith("igo:"):
        return EventActor(name=code[4:], country=None, sectors=["IGO"], actor_ids=[code])
    country, _, sector = code.partition("-")
    return EventActor(name=country, country=country, sectors=[sector] if sector else [],
                      actor_ids=[f"country:{country}" if not sector else code])


def event(number: int, type_: str, day: str, source: list[str], target: list[str], *,
          mode: str | None = None, independent: int = 1, mentions: int = 1) -> Event:
    witnesses = [EventOrigin(origin=f"outlet:{i}", name=f"Outlet {i}", party=False,
                             independent=True, first_document=f"doc-{number}-{i}",
                             first_published=day, documents=[]) for i in range(independent)]
    members = [EventMember(id=f"m-{number}-{i}", document=f"doc-{number}-{i}",
                           source=f"https://news.example/{number}/{i}",
                           path=f"news/{number}-{i}.html", publisher=f"Outlet {i}",
                           genre="news_report", published=day, type=type_,
                           modality="asserted", sentence=f"Sentence {i} of event {number}.",
                           span=[0, 30], trigger=[0, 5], role="original",
                           origin=f"outlet:{i}", via=None) for i in range(mentions)]
    return Event(id=f"ev-{number:016x}", type=type_, quad=QUAD[type_], mode=mode,
                 modality="asserted", intensity=0.0, source=[party(s) for s in source],
                 target=[party(t) for t in target], place=None, start=day, end=day,
                 independent_sources=independent, sources=independent,
                 first_reported=day, first_reported_by="Outlet 0", confidence=0.9,
                 revision=1, chain=witnesses, mentions=members,
                 coder="eventwire.corroborate.v1")


# id: (type, day, sources, targets, mode, independent sources, mentions)
EVENTS = [
    event(1, "AGREE", "2021-04-10", ["RUS-GOV"], ["KAZ"], independent=3),
    event(2, "CONSULT", "2021-05-02", ["KAZ"], ["RUS"], mode="visit"),
    event(3, "COOPERATE", "2021-08-01", ["RUS", "KAZ"], [], independent=0),
    event(4, "ACCUSE", "2021-08-15", ["RUS"], ["KAZ"], mode="allege", independent=2),
    event(5, "MOBILIZE", "2021-08-20", ["RUS-MIL", "KAZ-MIL"], ["AFG"], mode="troops"),
    event(6, "AID", "2021-07-01", ["CHN"], ["KGZ"], independent=2),
    event(7, "AGREE", "2021-08-20", ["USA"], ["UZB"]),
    event(8, "REQUEST", "2021-09-01", ["CHN"], ["KAZ"]),
    event(9, "ASSAULT", "2021-09-14", ["KGZ-MIL", "TJK-MIL"], [], mode="heavy-weapons",
          independent=4),
    event(10, "AGREE", "2021-09-20", ["RUS-MIL"], ["KAZ-MIL"], mentions=3),
    event(11, "SUPPORT", "2021-06-01", ["igo:EUROPEAN_COMMISSION"], ["TJK"]),
    event(12, "SANCTION", "2021-11-02", ["USA"], ["RUS"], independent=5),
    event(13, "AID", "2021-10-05", ["RUS"], ["KGZ", "TJK"], independent=2),
]


def fill(store: Store) -> None:
    with store.transaction():
        store.replace_all_events(EVENTS, [], None)
