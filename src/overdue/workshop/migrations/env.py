"""Alembic's environment for the workshop database (see overdue.workshop.db).

A store passes its own connection, inside the transaction that holds the migration lock. From the
command line (to write a new migration), the database is ``OVERDUE_WORKSHOP_DB``:

    alembic -c src/overdue/workshop/migrations/alembic.ini revision -m "what changes"
"""

from alembic import context

from overdue.workshop import db

connection = context.config.attributes.get("connection")


def run(conn) -> None:
    context.configure(connection=conn, target_metadata=db.metadata, render_as_batch=conn.dialect.name == "sqlite")
    with context.begin_transaction():
        context.run_migrations()


if connection is not None:
    run(connection)
else:
    from overdue.workshop.store import database_url

    engine = db.make_engine(database_url())
    with engine.connect() as conn:
        db.write_options(conn)
        run(conn)
    engine.dispose()
