"""The Alembic migrations build exactly the schema the models describe, on both databases."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade
from sqlalchemy import inspect

from db import MIGRATIONS, db


def test_upgrade_from_empty_matches_the_models(backend, fake_line, tmp_path):
    from tests.support.app import make_app

    app = make_app(backend, fake_line, tmp_path)
    with app.app_context():
        db.drop_all()
        upgrade(directory=str(MIGRATIONS))
        with db.engine.connect() as connection:
            differences = compare_metadata(MigrationContext.configure(connection), db.metadata)
            tables = set(inspect(connection).get_table_names())
        assert differences == []
        assert {"producer", "inbound_event", "delivery", "conversation_state"} <= tables
        db.drop_all()
        with db.engine.begin() as connection:
            connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
        db.session.remove()
        db.engine.dispose()
