"""Appending many rows to a table fast, past the ORM: COPY on PostgreSQL, executemany on SQLite.

Rows are tuples in the order of the column names given; datetimes are aware (UTC) and JSON values
are already encoded as text. The caller picks the primary keys (reserve_ids) so that it can refer to
the new rows from other tables without reading them back.
"""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime

from django.db import connection
from django.db.models import Model


def columns(model: type[Model], names: list[str]) -> list[str]:
    """The database columns of the named fields ("customer" -> "customer_id")."""
    return [model._meta.get_field(name).column for name in names]


class PostgresTables:
    def __init__(self, cursor):
        self.cursor = cursor  # a Django cursor; .connection is the psycopg 3 connection under it

    def reserve_ids(self, model: type[Model], count: int) -> list[int]:
        table = model._meta.db_table
        self.cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, count]
        )
        return [row[0] for row in self.cursor.fetchall()]

    @contextmanager
    def loading(self, models: list[type[Model]]) -> Iterator[None]:
        """Take the tables' foreign keys off while rows are appended and put them back (same names,
        same definitions) afterwards: PostgreSQL then checks all rows in one join instead of one by
        one, which halves the time of a big load. Run it inside the load's transaction so that a
        failure rolls the constraints back along with the rows. Until it commits, other sessions wait
        to write to these tables and the tables they refer to."""
        quote = connection.ops.quote_name
        self.cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE contype = 'f' AND conrelid = ANY(%s::regclass[]) ORDER BY conrelid, conname",
            [[model._meta.db_table for model in models]],
        )
        foreign_keys = self.cursor.fetchall()
        # ALTER TABLE refuses to run while checks of rows written earlier in this transaction are
        # still deferred to the commit: run those checks now.
        self.cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for table, name, _definition in foreign_keys:
            self.cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {quote(name)}")
        yield
        for table, name, definition in foreign_keys:
            self.cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {quote(name)} {definition}")
        # Fresh planner statistics, or the first queries after a big load pick bad plans.
        self.cursor.execute("ANALYZE " + ", ".join(quote(model._meta.db_table) for model in models))

    def append(self, model: type[Model], names: list[str], rows: Iterable[tuple]) -> int:
        quote = connection.ops.quote_name
        sql = "COPY {} ({}) FROM STDIN".format(
            quote(model._meta.db_table), ", ".join(quote(column) for column in columns(model, names))
        )
        written = 0
        with self.cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(row)
                written += 1
        return written


class SQLiteTables:
    def __init__(self, cursor):
        self.cursor = cursor
        self.next_ids: dict[type[Model], int] = {}

    def reserve_ids(self, model: type[Model], count: int) -> range:
        # The write lock is held for the whole transaction, so nobody else can take these ids.
        if model not in self.next_ids:
            table = connection.ops.quote_name(model._meta.db_table)
            self.cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}")  # noqa: S608
            self.next_ids[model] = self.cursor.fetchone()[0]
        first = self.next_ids[model]
        self.next_ids[model] = first + count
        return range(first, first + count)

    @contextmanager
    def loading(self, models: list[type[Model]]) -> Iterator[None]:
        yield
        self.cursor.execute("ANALYZE")

    def append(self, model: type[Model], names: list[str], rows: Iterable[tuple]) -> int:
        quote = connection.ops.quote_name
        sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 (names from the models, quoted)
            quote(model._meta.db_table),
            ", ".join(quote(column) for column in columns(model, names)),
            ", ".join(["?"] * len(names)),
        )
        prepared = [tuple(_sqlite_value(value) for value in row) for row in rows]
        self.cursor.connection.executemany(sql, prepared)
        return len(prepared)


def _sqlite_value(value):
    """What Django itself stores in SQLite: naive UTC datetimes and ISO dates as text."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).replace(tzinfo=None).isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    return value


def tables_for(cursor) -> PostgresTables | SQLiteTables:
    if connection.vendor == "postgresql":
        return PostgresTables(cursor)
    if connection.vendor == "sqlite":
        return SQLiteTables(cursor)
    raise NotImplementedError(f"Bulk seeding supports PostgreSQL and SQLite, not {connection.vendor}.")
