"""Command line: serve a fake LINE platform until stopped (for `make run` and benchmarks)."""

from __future__ import annotations

import argparse
import logging
import signal
import sys

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
    tls = tls_context(args.tls_cert, args.tls_key) if args.tls_cert else None
    server = Server(fake.wsgi_app, args.host, args.port, tls)
    base = f"{server.scheme}://{args.host}:{server.port}"
    logging.getLogger("fakeline").info(
        "serving LINE API at %s and data API at %s/data (spec validation %s); Ctrl-C stops",
        base,
        base,
        "on" if fake.spec_validation else "off",
    )
    # SIGTERM is how scripts and benchmarks stop it: a background job may ignore SIGINT.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()


if __name__ == "__main__":
    main()
