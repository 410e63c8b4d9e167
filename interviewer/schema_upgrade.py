"""Bring a database to the schema this code expects, with Alembic, every time a Store opens it.

The migrations live in `interviewer/migrations` (shipped as package data), so an installed Viva
upgrades its own database at start-up; no alembic.ini is read. Three cases:

- an empty database gets every revision;
- a database made by a release before migrations (tables made by `create_all`, no
  `alembic_version`) is stamped at the baseline, 0001, which is exactly that release's schema,
  and then upgraded;
- any other database is upgraded from the revision it records.

A database at a revision this code does not know (written by a newer Viva) is refused.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection, Engine

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
# The schema of release 3e9cc2d, the last one whose tables came from create_all.
BASELINE_REVISION = "0001"
# Any constant: replicas of one deployment starting together take turns on it (PostgreSQL).
_UPGRADE_LOCK_KEY = 0x76697661
# Alembic keeps the running migration in module globals (alembic.op, alembic.context): threads
# of one process that open Stores together must take turns.
_ONE_UPGRADE_PER_PROCESS = threading.Lock()


class SchemaTooNew(RuntimeError):
    """The database records a revision this code has no migration for."""


def alembic_config(connection: Connection) -> Config:
    """Alembic's configuration, built in code, running on `connection`."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    head = ScriptDirectory(str(MIGRATIONS_DIR)).get_current_head()
    assert head is not None, "interviewer/migrations/versions holds no revision"
    return head


@contextmanager
def migration_connection(engine: Engine) -> Iterator[Connection]:
    """One connection and one transaction fit for schema changes: a failed upgrade leaves
    nothing behind, on PostgreSQL and SQLite alike.

    On PostgreSQL an advisory lock, held until commit, makes replicas that start together
    upgrade one after the other. On SQLite, batch operations copy a table and drop the
    original, which foreign keys would forbid for a referenced table (interviews): they are
    off during the migration, checked before commit, and restored on the pooled connection."""
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        foreign_keys = None
        if sqlite:
            # The pragma is a no-op inside a transaction: set it before beginning one.
            foreign_keys = connection.exec_driver_sql("PRAGMA foreign_keys").scalar()
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()
        try:
            with connection.begin():
                if sqlite:
                    # pysqlite runs DDL outside any transaction unless one is open: open it, so
                    # a migration is atomic and commits (and syncs to disk) once.
                    connection.exec_driver_sql("BEGIN")
                if connection.dialect.name == "postgresql":
                    connection.execute(
                        sqlalchemy.text("SELECT pg_advisory_xact_lock(:key)"),
                        {"key": _UPGRADE_LOCK_KEY},
                    )
                yield connection
                if sqlite:
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise RuntimeError(f"migration broke foreign keys: {broken[:5]}")
        finally:
            if sqlite:
                connection.exec_driver_sql(f"PRAGMA foreign_keys={int(bool(foreign_keys))}")
                connection.commit()


def upgrade_database(target: Engine | str) -> str:
    """Upgrade the database behind `target` (an engine or a SQLAlchemy URL) to the newest
    revision; returns that revision. Safe to call on every start: at head it changes nothing."""
    engine = sqlalchemy.create_engine(target) if isinstance(target, str) else target
    try:
        with _ONE_UPGRADE_PER_PROCESS, migration_connection(engine) as connection:
            config = alembic_config(connection)
            tables = set(sqlalchemy.inspect(connection).get_table_names())
            recorded = MigrationContext.configure(connection).get_current_heads()
            known = {
                script.revision for script in ScriptDirectory.from_config(config).walk_revisions()
            }
            unknown = [revision for revision in recorded if revision not in known]
            if unknown:
                raise SchemaTooNew(
                    f"the database is at revision {', '.join(unknown)}, which this version of "
                    "Viva does not know: it was written by a newer Viva"
                )
            if not recorded and "interviews" in tables:
                command.stamp(config, BASELINE_REVISION)
            command.upgrade(config, "head")
            return head_revision()
    finally:
        if isinstance(target, str):
            engine.dispose()


if __name__ == "__main__":
    # python -m interviewer.schema_upgrade URL: upgrade before starting new replicas.
    if len(sys.argv) != 2:
        sys.exit("usage: python -m interviewer.schema_upgrade SQLALCHEMY_URL")
    print(f"database at revision {upgrade_database(sys.argv[1])}")
