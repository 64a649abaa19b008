"""Gunicorn hooks shared by every contestant of bench.webhook (same settings for all)."""


def post_worker_init(worker):
    """Say when a worker has loaded the app, so the benchmark waits for all of them."""
    worker.log.info("bench: worker ready (pid %s)", worker.pid)
