"""The one store an app serves, shared by its requests.

DuckDB connections are not for concurrent use, and FastAPI runs plain endpoints in a
thread pool, so requests take turns on the store (a lock): reads are short, and a dashboard
on one analyst's machine has few requests at a time.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from fastapi import Request

from eventwire.options import Options
from eventwire.store import Store, open_store


@dataclass
class Served:
    """What an app serves: the store, the settings, and who may ask."""

    db: str
    options: Options
    token: str | None = None
    store: Store | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)

    def open(self) -> None:
        if self.store is None:
            self.store = open_store(self.db)

    def close(self) -> None:
        if self.store is not None:
            self.store.close()
            self.store = None

    @contextmanager
    def using(self) -> Iterator[Store]:
        with self.lock:
            self.open()
            assert self.store is not None
            yield self.store


def served(request: Request) -> Served:
    return request.app.state.served


@contextmanager
def store_of(request: Request) -> Iterator[Store]:
    """The app's store, held for the duration of the block (one request's reads)."""
    with served(request).using() as store:
        yield store
