"""The few places where DuckDB's SQL and PostgreSQL's differ, as one small object per
backend. Every query of the store is written once, in the shared mixins, with ``?`` for
its parameters and these methods for the words that differ; a backend only says how its
dialect spells them.

DuckDB follows PostgreSQL closely, so the list is short: placeholders, array membership
and overlap, ``mode`` of a group, rounding a double, two type names in the DDL, and
whether writers must take a lock (PostgreSQL serves several processes; a DuckDB file is
one process's).
"""

from __future__ import annotations

import re
import zlib
from functools import lru_cache

# A migration's lines between these markers run on DuckDB only: back-filling from stores
# written before the numbered migrations existed, which only DuckDB stores can be.
_DUCKDB_ONLY = re.compile(r"^-- begin duckdb-only\b.*?^-- end duckdb-only[^\n]*\n",
                          re.MULTILINE | re.DOTALL)


class Dialect:
    """DuckDB's spelling (the store's reference dialect)."""

    name = "duckdb"
    double = "DOUBLE"

    def sql(self, text: str) -> str:
        """A query written with ``?`` placeholders, as this backend's driver takes it."""
        return text

    def contains(self, array: str, item: str) -> str:
        """True where the list ``array`` holds ``item``."""
        return f"list_contains({array}, {item})"

    def overlaps(self, first: str, second: str) -> str:
        """True where two lists share an element."""
        return f"list_has_any({first}, {second})"

    def mode(self, column: str) -> str:
        """The commonest value of a group, the first in sort order among tied ones."""
        return f"mode({column} ORDER BY {column})"

    def round6(self, expr: str) -> str:
        return f"round({expr}, 6)"

    def ddl(self, text: str) -> str:
        """A migration's statements for this backend."""
        return text

    def lock(self, name: str) -> str | None:
        """A statement that serialises writers of ``name`` until the transaction ends, or
        None where one process owns the store."""
        return None


class PostgresDialect(Dialect):
    name = "postgresql"
    double = "DOUBLE PRECISION"

    def sql(self, text: str) -> str:
        return _pyformat(text)

    def contains(self, array: str, item: str) -> str:
        return f"{item} = ANY({array})"

    def overlaps(self, first: str, second: str) -> str:
        return f"{first} && {second}"

    def mode(self, column: str) -> str:
        # PostgreSQL's ordered-set mode() keeps the first of tied values in this order
        return f"mode() WITHIN GROUP (ORDER BY {column})"

    def round6(self, expr: str) -> str:
        return f"round(CAST({expr} AS NUMERIC), 6)"  # round(double, int) is not defined

    def ddl(self, text: str) -> str:
        text = _DUCKDB_ONLY.sub("", text)
        text = re.sub(r"\bBLOB\b", "BYTEA", text)
        return re.sub(r"\bDOUBLE\b(?! PRECISION)", "DOUBLE PRECISION", text)

    def lock(self, name: str) -> str:
        # a transaction-scoped advisory lock, keyed by the name's checksum: released at
        # COMMIT or ROLLBACK, so a crashed writer never leaves it held
        return f"SELECT pg_advisory_xact_lock({zlib.crc32(name.encode())})"


@lru_cache(maxsize=1024)  # the store's queries are few; LIMIT n and VALUES lists vary
def _pyformat(text: str) -> str:
    """``?`` placeholders as psycopg's ``%s``; a literal ``%`` (LIKE 'igo:%') doubled. The
    store's SQL never has a ``?`` inside a string literal, so no quoting is parsed."""
    return text.replace("%", "%%").replace("?", "%s")


DUCKDB = Dialect()
POSTGRESQL = PostgresDialect()
