"""How the tasks reach the workers: the dispatcher's runs never queue behind batches."""

import shlex

from project.celery import app
from reminders.tasks import deliver_reminders, dispatch_due_reminders
from tests.celery_worker import ROOT, WORKER_QUEUES


def queue_of(task) -> str:
    return app.amqp.router.route({}, task.name)["queue"].name


def test_dispatcher_runs_have_a_queue_of_their_own():
    assert queue_of(dispatch_due_reminders) == "dispatch"
    assert queue_of(deliver_reminders) == "celery"


def test_the_procfile_worker_consumes_both_queues_as_the_test_workers_do():
    lines = dict(line.split(": ", 1) for line in (ROOT / "Procfile").read_text().splitlines())
    arguments = shlex.split(lines["worker"])

    assert arguments[arguments.index("--queues") + 1] == WORKER_QUEUES
    assert set(WORKER_QUEUES.split(",")) == {"celery", "dispatch"}
