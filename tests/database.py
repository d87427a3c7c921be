"""How the test database is built: from the models, not by running the migrations.

Running the migrations on an empty database takes about 90 seconds a lane, nearly all of
it Django rendering the models' states migration by migration (every model relates to
User, so each new relation renders them all again). The tests instead build the tables
from the models (the database's TEST MIGRATE setting), then `finish_test_database` runs
what earlyhelp's migrations do besides making tables (their RunPython and RunSQL
operations: the role groups, the need framework, the access log's trigger) in the
migrations' order, and records every migration as applied, as `migrate` leaves a
database. The other apps' data migrations only rewrite rows that an empty database does
not have (content types' names, task results' statuses, duplicate sign-in attempts).

tests/core/test_migrations.py checks that this is the database the migrations build: it
runs `earlyhelp migrate` on an empty database and compares the two schemas.
"""

from django.apps import apps as live_apps
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations import RunPython, RunSQL
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.db.migrations.state import ProjectState


def build_from_models(connection: BaseDatabaseWrapper) -> None:
    """Have the test database made from the models (see the top of this file)."""
    connection.settings_dict["TEST"]["MIGRATE"] = False


def finish_test_database(connection: BaseDatabaseWrapper) -> None:
    """Run earlyhelp's migrations' data operations and record every migration as applied."""
    recorder = MigrationRecorder(connection)
    if recorder.has_table() and recorder.applied_migrations():
        return  # made by the migrations after all (--reuse-db on a migrated database)
    loader = MigrationLoader(connection)
    plan: list[tuple[str, str]] = []
    for leaf in sorted(loader.graph.leaf_nodes()):
        plan.extend(key for key in loader.graph.forwards_plan(leaf) if key not in plan)
    # RunSQL reads nothing from these states, and RunPython is given the live registry:
    # rendering the migrations' states is what building from the models saves.
    state = ProjectState()
    with connection.schema_editor() as editor:
        for key in plan:
            if not loader.graph.nodes[key].__module__.startswith("earlyhelp."):
                continue
            for operation in loader.graph.nodes[key].operations:
                if isinstance(operation, RunPython):
                    operation.code(live_apps, editor)
                elif isinstance(operation, RunSQL):
                    operation.database_forwards(key[0], editor, state, state)
    recorder.ensure_schema()
    for app_label, name in plan:
        recorder.record_applied(app_label, name)
