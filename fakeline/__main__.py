"""Command line: serve a fake LINE platform until stopped (for `make run` and benchmarks).

`--server granian` serves it with Granian (HTTP and TLS in Rust, the app in one worker
process) instead of the threaded server: a benchmark sharing a small machine with the fake
then spends its cores on the bot rather than on the fake's HTTP.
"""

from __future__ import annotations

import argparse
import logging
import signal
import socket
import sys
import threading
import time
from pathlib import Path

from fakeline.fake import FakeLine
from fakeline.server import Server, tls_context


def main(argv: list[str] | None = None) -> None:
    """Parse arguments and serve on the calling thread until Ctrl-C or SIGTERM."""
    parser = argparse.ArgumentParser(prog="python -m fakeline", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8081)
    parser.add_argument("--channel-secret", default="fakeline-channel-secret")
    parser.add_argument("--access-token", default="fakeline-access-token")
    parser.add_argument("--no-rate-limits", action="store_true", help="never answer 429 by itself")
    parser.add_argument(
        "--no-spec-validation", action="store_true", help="skip messaging-api.yml (built-ins only)"
    )
    parser.add_argument("--spec-dir", help="folder holding messaging-api.yml")
    parser.add_argument("--monthly-quota", type=int, help="recipients per month before 429")
    parser.add_argument("--max-recorded", type=int, default=100_000, help="calls kept for /_fake")
    parser.add_argument("--tls-cert", help="serve HTTPS, as LINE does: certificate (PEM)")
    parser.add_argument("--tls-key", help="the certificate's private key (PEM)")
    parser.add_argument("-v", "--verbose", action="store_true", help="log every request")
    parser.add_argument(
        "--server", choices=("threads", "granian"), default="threads", help="the HTTP server"
    )
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO, format="%(name)s: %(message)s"
    )
    fake = FakeLine(
        args.channel_secret,
        args.access_token,
        spec_dir=args.spec_dir,
        validate_spec=not args.no_spec_validation,
        rate_limits=not args.no_rate_limits,
        monthly_quota=args.monthly_quota,
        max_recorded=args.max_recorded,
    )
    if bool(args.tls_cert) != bool(args.tls_key):
        parser.error("--tls-cert and --tls-key go together")
    if args.server == "granian" and args.port == 0:
        parser.error("--server granian needs a port of its own (not 0)")
    if args.server == "granian":
        serve_with_granian(fake, args)
        return
    tls = tls_context(args.tls_cert, args.tls_key) if args.tls_cert else None
    server = Server(fake.wsgi_app, args.host, args.port, tls)
    announce(fake, f"{server.scheme}://{args.host}:{server.port}")
    # SIGTERM is how scripts and benchmarks stop it: a background job may ignore SIGINT.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()


def announce(fake: FakeLine, base: str) -> None:
    """Say where the fake serves, once it answers there (scripts wait for this line)."""
    logging.getLogger("fakeline").info(
        "serving LINE API at %s and data API at %s/data (spec validation %s); Ctrl-C stops",
        base,
        base,
        "on" if fake.spec_validation else "off",
    )


def announce_when_listening(fake: FakeLine, args: argparse.Namespace) -> None:
    """Wait until the port takes connections, then announce; give up after 30 seconds."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection((args.host, args.port), timeout=1).close()
        except OSError:
            time.sleep(0.02)
            continue
        announce(fake, f"{'https' if args.tls_cert else 'http'}://{args.host}:{args.port}")
        return
    logging.getLogger("fakeline").error("Granian did not listen on port %s in 30 s", args.port)


def serve_with_granian(fake: FakeLine, args: argparse.Namespace) -> None:
    """Serve the fake's WSGI app with Granian: one worker process, forked with the fake in it.

    Granian stops on SIGTERM or SIGINT by itself. Its TLS wants the key in PKCS#8 form, as
    fakeline.server.self_signed_certificate makes it.
    """
    from granian.constants import Interfaces
    from granian.server import Server as Granian

    def load(target: str):
        # In the worker, which listens only after this returns: announce once it answers.
        threading.Thread(target=announce_when_listening, args=(fake, args), daemon=True).start()
        return fake.wsgi_app

    Granian(
        "fakeline",
        address=args.host,
        port=args.port,
        interface=Interfaces.WSGI,
        workers=1,
        blocking_threads=1,
        runtime_threads=1,
        log_enabled=args.verbose,
        ssl_cert=Path(args.tls_cert) if args.tls_cert else None,
        ssl_key=Path(args.tls_key) if args.tls_key else None,
    ).serve(target_loader=load)


if __name__ == "__main__":
    main()
