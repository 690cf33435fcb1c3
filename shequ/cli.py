"""The `shequ` command: Django management with short names.

shequ serve [addr:port]   run the platform (gunicorn; `--dev` for Django's runserver) and a
                          background worker and the scheduler (`--no-worker` to run them apart)
shequ worker              run a background worker (database queue, or Redis when configured)
shequ scheduler           enqueue periodic jobs once per slot (started by `serve` too)
shequ demo --scale small  build the demo district
shequ migrate | test …    any Django management command
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shequ.settings.dev")
    if len(argv) > 1 and argv[1] == "serve":
        _serve(argv[2:])
        return
    if len(argv) > 1 and argv[1] == "worker":
        argv = ["shequ", *_worker_command(), *argv[2:]]
    from django.core.management import execute_from_command_line

    execute_from_command_line(["shequ", *argv[1:]])


def _worker_command() -> list[str]:
    """The worker of the configured task backend: one task API, two queues (STACK.md)."""
    import django
    from django.conf import settings

    django.setup()
    backend = settings.TASKS["default"]["BACKEND"]
    if backend.startswith("django_tasks_rq"):
        return ["rqworker", "default", "--job-class", "django_tasks_rq.Job"]
    return ["db_worker", "--no-reload", "--no-startup-delay", "--queue-name", "*"]


def _start_worker() -> None:
    """A background worker and the scheduler of periodic jobs, stopped with the server."""
    import atexit
    import subprocess

    for command in ("worker", "scheduler"):
        code = f"from shequ.cli import main; main(['shequ', '{command}'])"
        process = subprocess.Popen([sys.executable, "-c", code])  # noqa: S603
        atexit.register(process.terminate)


def _serve(args: list[str]) -> None:
    bind = next((a for a in args if not a.startswith("-")), "127.0.0.1:8000")
    if "--dev" in args:
        from django.core.management import execute_from_command_line

        execute_from_command_line(["shequ", "runserver", bind])
        return
    import django
    from django.core.management import call_command

    django.setup()
    call_command("collectstatic", interactive=False, verbosity=0)
    from gunicorn.app.wsgiapp import run

    sys.argv = [
        "gunicorn",
        "--bind",
        bind,
        "--worker-class",
        "gthread",
        "--workers",
        "2",
        "--threads",
        "4",
        "--access-logfile",
        "-",
        # the path without its query string: a search by ID or phone must not reach the log
        "--access-logformat",
        '%(h)s %(t)s "%(m)s %(U)s" %(s)s %(b)s %(M)sms',
        "shequ.wsgi:application",
    ]
    if "--no-worker" not in args:
        _start_worker()
    print(f"Shequ 社区 serving on http://{bind}/", flush=True)
    run()
