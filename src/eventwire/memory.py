"""Keeping a long run's memory flat: the cyclic garbage collector and what a run loads once.

A spaCy ``Doc`` sits in reference cycles of its own (its spans, span groups and the
parser's step models refer back to it), so only the cyclic collector frees one. A parse
that lives through a few collections, as a parse made ahead of its turn does, reaches the
oldest generation, and CPython collects that generation only once the objects waiting
there number a quarter of those that survived the last full collection. After the model,
the dictionaries and the lexicons are loaded that is about 700,000 objects, so dead parses
piled up for thousands of documents before a full collection freed them: 60 KB a document
of native memory (docs/scale.md, "Memory of one ingest").

So a run does two things:

- :func:`settle_long_lived` moves what is alive once everything a run needs is loaded into
  the collector's permanent generation (:func:`gc.freeze`). Frozen objects are still freed
  when no reference to them remains; the collector only stops scanning them for cycles,
  which makes a full collection cheap (with a loaded pipeline's 730,000 objects one took
  0.35 s; after the freeze, under a millisecond).
- :class:`Collector` makes a full collection every :data:`COLLECT_EVERY` documents, so no
  more dead parses wait than that, whatever the collector's own thresholds would allow (they
  count container objects, of which a document's analysis leaves few: left alone, a full
  collection came once in about 300 documents even after the freeze).
"""

from __future__ import annotations

import gc

# Documents between two full collections: at most this many dead parses (about 60 KB each)
# wait; each collection, after the freeze, costs well under a millisecond.
COLLECT_EVERY = 16

_settled = False


def settle_long_lived() -> None:
    """Freeze the objects alive now, once per process, after collecting the garbage already
    made (so none of it is frozen); a full collection after the freeze makes the
    collector measure the oldest generation from what is left."""
    global _settled
    if _settled:
        return
    _settled = True
    gc.collect()
    gc.freeze()
    gc.collect()


class Collector:
    """A full collection every ``every`` documents (:data:`COLLECT_EVERY`)."""

    def __init__(self, every: int = COLLECT_EVERY) -> None:
        self.every = every
        self._since = 0

    def done(self, documents: int = 1) -> None:
        """Count ``documents`` made or analysed; collect once enough have been."""
        self._since += documents
        if self._since >= self.every:
            self._since = 0
            gc.collect()
