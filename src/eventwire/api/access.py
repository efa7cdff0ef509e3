"""The one store an app serves, shared by its requests.

FastAPI runs plain endpoints in a thread pool, so requests reach the store from several
threads at once. A PostgreSQL store is made for that (a pool of connections, one bound to
a thread for a transaction): requests share it. A DuckDB connection is not for concurrent
use, but its database is: each request borrows one of up to ``READERS`` connections to
the same database, and waits only when all are busy. A request once held the single
connection for its whole read, so one slow page (the overview's influence index at
10,000 documents takes seconds) stalled every other request behind it
(bench/api_load.py).

Writes (the analysts' corrections, which re-corroborate) take turns among themselves
(:func:`store_for_writing`): a DuckDB store is one process's, and two corrections
clustering the same events at once would conflict.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from fastapi import Request

from eventwire.options import Options
from eventwire.store import DuckDBStore, Store, open_store

# DuckDB connections one app reads through at once: enough that a slow page does not hold
# up the quick ones, few enough that the database's own threads are not oversubscribed.
READERS = 4


@dataclass
class Served:
    """What an app serves: the store, the settings, and who may ask."""

    db: str
    options: Options
    token: str | None = None
    store: Store | None = None
    readers: int = READERS
    # guards the DuckDB connections idle and lent out, and wakes a request waiting for one
    _returned: threading.Condition = field(init=False)
    _idle: list[DuckDBStore] = field(default_factory=list, init=False)
    _lent: int = field(default=0, init=False)
    _writing: threading.Lock = field(default_factory=threading.Lock, init=False)

    def __post_init__(self) -> None:
        self._returned = threading.Condition(threading.Lock())

    def open(self) -> None:
        if self.store is None:
            self.store = open_store(self.db)

    def close(self) -> None:
        with self._returned:
            for connection in self._idle:
                connection.close()
            self._idle.clear()
        if self.store is not None:
            self.store.close()
            self.store = None

    @contextmanager
    def using(self) -> Iterator[Store]:
        """The store for one request's reads (or writes, inside :meth:`writing`)."""
        self.open()
        assert self.store is not None
        if not isinstance(self.store, DuckDBStore):
            yield self.store  # thread-safe by itself
            return
        connection = self._borrow(self.store)
        try:
            yield connection
        finally:
            with self._returned:
                self._idle.append(connection)
                self._lent -= 1
                self._returned.notify()

    @contextmanager
    def writing(self) -> Iterator[Store]:
        """The store for a write: one writer at a time, readers meanwhile."""
        with self._writing, self.using() as store:
            yield store

    def _borrow(self, store: DuckDBStore) -> DuckDBStore:
        """An idle connection to the DuckDB database, a new one while fewer than
        ``readers`` are lent, else the next one returned."""
        with self._returned:
            while not self._idle and self._lent >= self.readers:
                self._returned.wait()
            self._lent += 1
            if self._idle:
                return self._idle.pop()
        try:
            return store.another_connection()
        except BaseException:
            with self._returned:
                self._lent -= 1
                self._returned.notify()
            raise


def served(request: Request) -> Served:
    return request.app.state.served


@contextmanager
def store_of(request: Request) -> Iterator[Store]:
    """The app's store, held for the duration of the block (one request's reads)."""
    with served(request).using() as store:
        yield store


@contextmanager
def store_for_writing(request: Request) -> Iterator[Store]:
    """The app's store for a write, one writer at a time."""
    with served(request).writing() as store:
        yield store
