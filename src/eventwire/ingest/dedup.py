"""Near-duplicate detection with MinHash over word shingles (datasketch).

Signatures of stored documents are kept in the store, so a republication is recognised
across runs: it is stored, with ``duplicate_of`` naming the first document of its group.
"""

from __future__ import annotations

import re

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH

from eventwire.options import DedupOptions

_WORD = re.compile(r"\w+", re.UNICODE)
# Signatures are stored, so the hashing scheme is fixed: a signature made by another
# scheme must never be compared with these.
SCHEME = "affine32"


class NearDuplicateIndex:
    def __init__(self, options: DedupOptions) -> None:
        self.options = options
        self._lsh = MinHashLSH(threshold=options.threshold, num_perm=options.num_perm)
        self._signatures: dict[str, MinHash] = {}
        self._root: dict[str, str] = {}
        self._order: dict[str, int] = {}

    def signature(self, text: str) -> MinHash:
        words = [w.lower() for w in _WORD.findall(text)]
        size = self.options.shingle_words
        shingles = {" ".join(words[i:i + size]) for i in range(max(1, len(words) - size + 1))}
        minhash = MinHash(num_perm=self.options.num_perm, seed=1, scheme=SCHEME)
        minhash.update_batch([s.encode("utf-8") for s in shingles])
        return minhash

    @staticmethod
    def to_bytes(minhash: MinHash) -> bytes:
        return np.asarray(minhash.hashvalues, dtype=np.uint64).tobytes()

    def from_bytes(self, data: bytes) -> MinHash:
        values = np.frombuffer(data, dtype=np.uint64)
        return LeanMinHash(seed=1, hashvalues=values, scheme=SCHEME)

    def add(self, doc_id: str, minhash: MinHash, duplicate_of: str | None = None) -> None:
        if doc_id in self._signatures:
            return
        # Lean: the index holds every document's signature for the whole run, and a full
        # MinHash also carries its permutation tables (twice the hash values' size).
        lean = minhash if isinstance(minhash, LeanMinHash) else LeanMinHash(minhash)
        self._lsh.insert(doc_id, lean)
        self._signatures[doc_id] = lean
        self._root[doc_id] = duplicate_of or doc_id
        self._order[doc_id] = len(self._order)

    def find(self, minhash: MinHash) -> tuple[str, float] | None:
        """The original this text republishes, with the estimated similarity, if any."""
        best: tuple[float, int, str] | None = None
        for candidate in self._lsh.query(minhash):
            similarity = minhash.jaccard(self._signatures[candidate])
            if similarity < self.options.threshold:
                continue
            key = (-similarity, self._order[candidate], candidate)
            if best is None or key < best:
                best = key
        if best is None:
            return None
        return self._root[best[2]], round(-best[0], 3)
