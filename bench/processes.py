"""The processes a webhook benchmark runs: the fake LINE server, gunicorn, a throwaway database.

Every child starts in its own session (process group), logs to a file in the run's folder,
and is stopped with its whole group (SIGTERM, then SIGKILL), however the benchmark ends.
"""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import certifi

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
GUNICORN_CONF = Path(__file__).resolve().parent / "gunicorn_conf.py"
READY_MARK = "bench: worker ready"  # logged by gunicorn_conf.post_worker_init
POSTGRES_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"


# Fields of /proc/PID/stat after the command name: 1 is the parent's pid, 2 the process group,
# 11 and 12 the user and system CPU time in clock ticks.
PARENT, GROUP = 1, 2


def _stat(pid: int | str) -> list[str] | None:
    """Return a process's /proc stat fields after its command name, or None once it is gone."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None


def pids_where(field: int, value: int) -> list[int]:
    """Return the pids of live processes whose stat `field` (PARENT, GROUP) is `value`."""
    found = []
    for entry in Path("/proc").iterdir():
        fields = _stat(entry.name) if entry.name.isdigit() else None
        if fields and int(fields[field]) == value:
            found.append(int(entry.name))
    return found


def cpu_seconds(pids: list[int]) -> float:
    """Return the user + system CPU seconds these processes have used so far (Linux)."""
    ticks = sum(int(f[11]) + int(f[12]) for f in map(_stat, pids) if f)
    return ticks / os.sysconf("SC_CLK_TCK")


@dataclass
class Child:
    """One child process (and its process group), logging to `log`."""

    name: str
    popen: subprocess.Popen
    log: Path

    @property
    def pid(self) -> int:
        return self.popen.pid

    def log_text(self) -> str:
        """Return what the process has logged so far."""
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def check_alive(self) -> None:
        """Raise with the end of the log if the process has exited."""
        if self.popen.poll() is not None:
            tail = "\n".join(self.log_text().splitlines()[-30:])
            raise RuntimeError(f"{self.name} exited ({self.popen.returncode}):\n{tail}")

    def group_pids(self) -> list[int]:
        """Return the pids of every live process in this child's process group."""
        return pids_where(GROUP, self.pid)

    def cpu_seconds(self) -> float:
        """Return user + system CPU seconds used so far by the whole process group."""
        return cpu_seconds(self.group_pids())

    def stop(self, timeout: float = 10.0) -> None:
        """Stop the whole process group: SIGTERM, then SIGKILL if it lingers."""
        if self.popen.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.pid, signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.popen.wait(timeout)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.pid, signal.SIGKILL)  # stragglers of the group, if any
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.popen.wait(5)


@dataclass
class Children:
    """Every child started in a run, stopped together (newest first) in a finally."""

    started: list[Child] = field(default_factory=list)

    def start(self, name: str, command: list[str], env: dict, log: Path) -> Child:
        """Start `command` in the repository, in a session of its own, logging to `log`."""
        with log.open("w") as out:
            popen = subprocess.Popen(
                command,
                cwd=REPO,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        child = Child(name, popen, log)
        self.started.append(child)
        return child

    def stop(self, child: Child) -> None:
        """Stop one child and forget it."""
        child.stop()
        if child in self.started:
            self.started.remove(child)

    def stop_all(self) -> None:
        """Stop every child still running, newest first."""
        while self.started:
            self.started.pop().stop()


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def base_env() -> dict:
    """Return the environment every child gets: ours, offline NLU data, no stray app settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LINE_", "DATABASE_URL"))}
    env.update(PYTHAINLP_OFFLINE="1", PYTHAINLP_READ_ONLY="1", PYTHONUNBUFFERED="1")
    return env


def trust_bundle(folder: Path, cert: Path) -> Path:
    """Write the CA bundle the contestants trust: the usual public CAs plus the fake's own.

    Both load what a production deployment loads (certifi's bundle), so a client that builds
    a new TLS context per request pays what it would pay against LINE.
    """
    bundle = folder / "ca-bundle.pem"
    bundle.write_text(Path(certifi.where()).read_text() + "\n" + cert.read_text())
    return bundle


def start_fake(
    children: Children,
    folder: Path,
    secret: str,
    token: str,
    *,
    spec_validation: bool,
    tls: tuple[Path, Path] | None = None,
    server: str = "threads",
) -> tuple[Child, str]:
    """Start `python -m fakeline` on a free port; return it and its base URL once it serves.

    `server` is its HTTP server: "threads" (its own) or "granian" (lighter on the CPU).
    """
    port = free_port()
    command = [sys.executable, "-m", "fakeline", "--host", "127.0.0.1", "--port", str(port)]
    command += ["--server", server]
    command += ["--channel-secret", secret, "--access-token", token, "--max-recorded", "200000"]
    if not spec_validation:
        command.append("--no-spec-validation")
    if tls:
        command += ["--tls-cert", str(tls[0]), "--tls-key", str(tls[1])]
    child = children.start("fakeline", command, base_env(), folder / "fakeline.log")
    deadline = time.monotonic() + 60
    while "serving LINE API at" not in child.log_text():
        child.check_alive()
        if time.monotonic() > deadline:
            raise RuntimeError("the fake LINE server did not start in 60 s")
        time.sleep(0.05)
    return child, f"{'https' if tls else 'http'}://127.0.0.1:{port}"


def start_gunicorn(
    children: Children,
    name: str,
    app: str,
    env: dict,
    folder: Path,
    *,
    workers: int,
    threads: int,
) -> tuple[Child, str, list[str]]:
    """Start `gunicorn APP` with the benchmark's settings; return it, its URL and the command."""
    port = free_port()
    command = [
        str(BIN / "gunicorn"),
        "--config",
        str(GUNICORN_CONF),
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--worker-class",
        "gthread",
        "--threads",
        str(threads),
        "--no-control-socket",
        app,
    ]
    child = children.start(name, command, env, folder / f"{name}.log")
    deadline = time.monotonic() + 120
    while child.log_text().count(READY_MARK) < workers:
        child.check_alive()
        if time.monotonic() > deadline:
            raise RuntimeError(f"{name}: {workers} gunicorn workers not ready in 120 s")
        time.sleep(0.05)
    return child, f"http://127.0.0.1:{port}", command


def upgrade_schema(database_url: str, folder: Path) -> None:
    """Create the bot's schema with `flask --app app db upgrade`, as the README does."""
    env = base_env() | {"DATABASE_URL": database_url}
    log = folder / "db-upgrade.log"
    with log.open("w") as out:
        done = subprocess.run(
            [str(BIN / "flask"), "--app", "app", "db", "upgrade"],
            cwd=REPO,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            check=False,
        )
    if done.returncode:
        raise RuntimeError(f"flask db upgrade failed:\n{log.read_text()}")


@contextlib.contextmanager
def fresh_database(kind: str, folder: Path):
    """Yield the URL of an empty database of `kind` (sqlite or postgresql), dropped afterwards."""
    if kind == "sqlite":
        yield f"sqlite:///{folder / f'bot-{uuid.uuid4().hex[:8]}.sqlite3'}"
        return
    import psycopg  # only needed for PostgreSQL runs

    name = f"bench_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(POSTGRES_ADMIN, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql://postgres@127.0.0.1:5432/{name}"
    finally:
        with psycopg.connect(POSTGRES_ADMIN, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
