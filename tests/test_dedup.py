"""The near-duplicate index: the same candidates datasketch's MinHashLSH would give, in a
fraction of its memory, and republications found across runs through stored signatures."""

from __future__ import annotations

from datasketch import MinHashLSH

from eventwire.cli.common import options
from eventwire.ingest.dedup import NearDuplicateIndex

BASE = ("Kazakhstan and Uzbekistan signed a water-sharing agreement in Tashkent on Monday "
        "after talks between the two presidents about the Syr Darya and its reservoirs. "
        "The agreement sets quotas for the summer months and a joint commission to watch "
        "them, the Kazakh foreign ministry said in a statement on its website.")
OTHER = ("Kyrgyz border guards detained three Tajik citizens near Batken on Tuesday, the "
         "State Committee for National Security said, accusing them of crossing the border "
         "without papers; Dushanbe summoned the Kyrgyz ambassador in protest.")


def _texts() -> list[str]:
    """Originals, light rewrites of them, and a rewrite of a rewrite."""
    return [BASE, OTHER, BASE.replace("Monday", "Tuesday"),
            OTHER + " Bishkek has not commented.",
            BASE.replace("Monday", "Tuesday").replace("on its website", "to reporters"),
            "The Central Asian summit opened in Astana with a call for regional trade."]


def test_candidates_are_those_datasketch_finds() -> None:
    index = NearDuplicateIndex(options().dedup)
    reference = MinHashLSH(threshold=index.options.threshold,
                           num_perm=index.options.num_perm)
    for number, text in enumerate(_texts()):
        signature = index.signature(text)
        expected = {int(key) for key in reference.query(signature)}
        assert index._candidates(index._hash_values(signature)) == expected, text[:40]
        index.add(str(number), signature)
        reference.insert(str(number), signature)
    assert len(index) == len(_texts())


def test_a_rewrite_of_a_rewrite_points_at_the_first_original() -> None:
    index = NearDuplicateIndex(options().dedup)
    roots: list[str | None] = []
    for number, text in enumerate(_texts()):
        signature = index.signature(text)
        found = index.find(signature)
        roots.append(found[0] if found else None)
        index.add(str(number), signature, found[0] if found else None)
    assert roots == [None, None, "0", "1", "0", None]


def test_stored_signatures_find_a_republication_in_a_later_run() -> None:
    first = NearDuplicateIndex(options().dedup)
    stored = first.to_bytes(first.signature(BASE))
    later = NearDuplicateIndex(options().dedup)  # a new run, reading the store
    later.add("stored", later.from_bytes(stored))
    found = later.find(later.signature(BASE.replace("Monday", "Tuesday")))
    assert found is not None and found[0] == "stored" and found[1] >= 0.7
    assert later.find(later.signature(OTHER)) is None


def test_the_index_holds_a_document_in_about_two_kilobytes() -> None:
    """A run's index holds every stored document (docs/scale.md: datasketch's own index
    took 5.6 KB a document, the largest part of ingest's growth with the corpus)."""
    import hashlib
    import tracemalloc

    import numpy as np

    index = NearDuplicateIndex(options().dedup)
    values = np.random.default_rng(7).integers(0, 2**32, size=(3000, index.options.num_perm),
                                               dtype=np.uint64)
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for number, row in enumerate(values):
            index.add(hashlib.sha256(str(number).encode()).hexdigest(),
                      index.from_bytes(row.tobytes()))
        per_document = (tracemalloc.get_traced_memory()[0] - before) / len(values)
    finally:
        tracemalloc.stop()
    assert per_document < 3000, per_document
