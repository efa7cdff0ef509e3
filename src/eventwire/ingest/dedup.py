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
    """Signatures of the documents seen so far, banded for lookup as datasketch's
    ``MinHashLSH`` bands them (its band and row counts for the threshold).

    The index lives for a whole run and holds every stored document, so it is kept
    compact: the signatures as rows of one array, and each band's table mapping a hash of
    the band's values to the rows that share it. ``MinHashLSH`` itself kept a set per band
    key and a signature object per document, 5.6 KB a document (docs/scale.md); this
    keeps about 2 KB. Candidates are checked by their estimated similarity, so a band
    hash that collides only costs a comparison."""

    def __init__(self, options: DedupOptions) -> None:
        self.options = options
        banding = MinHashLSH(threshold=options.threshold, num_perm=options.num_perm)
        self._bands = [(i * banding.r, (i + 1) * banding.r) for i in range(banding.b)]
        self._tables: list[dict[int, int | list[int]]] = [{} for _ in self._bands]
        self._values = np.zeros((_FIRST_ROWS, options.num_perm), dtype=np.uint32)
        self._ids: list[str] = []
        self._rows: dict[str, int] = {}
        self._roots: list[int] = []  # the row of each document's original (its own row)

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

    def __len__(self) -> int:
        return len(self._ids)

    def add(self, doc_id: str, minhash: MinHash, duplicate_of: str | None = None) -> None:
        if doc_id in self._rows:
            return
        row = len(self._ids)
        if row == len(self._values):
            self._values = np.concatenate([self._values, np.zeros_like(self._values)])
        self._values[row] = self._hash_values(minhash)
        self._ids.append(doc_id)
        self._rows[doc_id] = row
        self._roots.append(self._rows.get(duplicate_of, row) if duplicate_of else row)
        for table, key in zip(self._tables, self._band_keys(self._values[row]), strict=True):
            found = table.get(key)
            if found is None:
                table[key] = row
            elif isinstance(found, list):
                found.append(row)
            else:
                table[key] = [found, row]

    def find(self, minhash: MinHash) -> tuple[str, float] | None:
        """The original this text republishes, with the estimated similarity, if any."""
        values = self._hash_values(minhash)
        best: tuple[float, int] | None = None
        for row in self._candidates(values):
            similarity = float(np.count_nonzero(self._values[row] == values)) / len(values)
            if similarity < self.options.threshold:
                continue
            key = (-similarity, row)  # the most similar, then the first stored
            if best is None or key < best:
                best = key
        if best is None:
            return None
        root = self._roots[best[1]]
        return self._ids[root], round(-best[0], 3)

    def _candidates(self, values: np.ndarray) -> set[int]:
        rows: set[int] = set()
        for table, key in zip(self._tables, self._band_keys(values), strict=True):
            found = table.get(key)
            if isinstance(found, list):
                rows.update(found)
            elif found is not None:
                rows.add(found)
        return rows

    def _band_keys(self, values: np.ndarray) -> list[int]:
        return [hash(values[start:end].tobytes()) for start, end in self._bands]

    def _hash_values(self, minhash: MinHash) -> np.ndarray:
        values = np.asarray(minhash.hashvalues)
        if len(values) != self.options.num_perm:
            raise ValueError(f"a signature of {len(values)} hash values, not "
                             f"{self.options.num_perm}")
        return values.astype(np.uint32)


# Rows the signature array starts with; it doubles when full.
_FIRST_ROWS = 1024
