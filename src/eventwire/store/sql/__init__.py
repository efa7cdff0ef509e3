"""The store's SQL, written once for both backends: query mixins over two primitives
(:class:`~eventwire.store.sql.base.SqlBase`), the numbered migrations, and the dialect
object that spells the few words DuckDB and PostgreSQL say differently."""
