"""A small threaded HTTP/1.1 server with keep-alive for the fake's WSGI app.

Werkzeug's development server closes every connection after one answer; LINE's SDK (urllib3)
keeps connections open, and benchmarks need that too, so this server reuses them.
"""

from __future__ import annotations

import contextlib
import io
import logging
import shutil
import socket
import ssl
import subprocess
import sys
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote_to_bytes

log = logging.getLogger("fakeline.http")

MAX_READ = 32 * 1024 * 1024  # read (and refuse) bodies up to this; bigger ones close the connection


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "fakeline"
    disable_nagle_algorithm = True  # headers and body go out in two writes; don't wait 40 ms
    timeout = 30  # seconds an idle keep-alive connection stays open
    server: _Server

    def setup(self) -> None:
        if isinstance(self.request, ssl.SSLSocket):
            self.request.settimeout(self.timeout)
            self.request.do_handshake()  # here, on the connection's thread, not in accept()
        super().setup()
        self.server.track(self.connection, add=True)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self.server.track(self.connection, add=False)

    def do_GET(self) -> None:
        self._run()

    do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = do_GET

    def _run(self) -> None:
        body = self._read_body()
        if body is None:
            self.send_error(413)
            self.close_connection = True
            return
        status, headers, data = self._call_app(body)
        code, _, reason = status.partition(" ")
        self.send_response(int(code), reason)
        for name, value in headers:
            if name.lower() not in ("content-length", "connection"):
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def _read_body(self) -> bytes | None:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            chunks = []
            total = 0
            while size := int(self.rfile.readline().split(b";")[0], 16):
                total += size
                if total > MAX_READ:
                    return None
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
            while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                pass  # trailers
            return b"".join(chunks)
        length = int(self.headers.get("Content-Length") or 0)
        return None if length > MAX_READ else self.rfile.read(length)

    def _call_app(self, body: bytes) -> tuple[str, list[tuple[str, str]], bytes]:
        path, _, query = self.path.partition("?")
        environ: dict[str, Any] = {
            "REQUEST_METHOD": self.command,
            "SCRIPT_NAME": "",
            "PATH_INFO": unquote_to_bytes(path).decode("latin-1"),
            "QUERY_STRING": query,
            "CONTENT_TYPE": self.headers.get("Content-Type", ""),
            "CONTENT_LENGTH": str(len(body)),
            "SERVER_NAME": self.server.server_address[0],
            "SERVER_PORT": str(self.server.server_address[1]),
            "SERVER_PROTOCOL": self.request_version,
            "REMOTE_ADDR": self.client_address[0],
            "wsgi.version": (1, 0),
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(body),
            "wsgi.errors": sys.stderr,
            "wsgi.multithread": True,
            "wsgi.multiprocess": False,
            "wsgi.run_once": False,
        }
        for name, value in self.headers.items():
            key = "HTTP_" + name.upper().replace("-", "_")
            if key not in ("HTTP_CONTENT_TYPE", "HTTP_CONTENT_LENGTH", "HTTP_TRANSFER_ENCODING"):
                environ[key] = f"{environ[key]},{value}" if key in environ else value
        started: list[Any] = []

        def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None):
            started[:] = [status, headers]
            return lambda chunk: None  # the app returns its body; nothing writes directly

        result = self.server.app(environ, start_response)
        try:
            data = b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()
        return started[0], started[1], data

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("%s %s", self.address_string(), format % args)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    # socketserver's default backlog of 5 drops connections when clients open one per
    # request (as the SDK's echo example does); LINE itself takes whatever comes.
    request_queue_size = 1024

    def __init__(
        self, address: tuple[str, int], app: Callable, tls: ssl.SSLContext | None = None
    ) -> None:
        self.app = app
        self.tls = tls
        self._connections: set[socket.socket] = set()
        self._lock = threading.Lock()
        super().__init__(address, _Handler)

    def get_request(self):
        connection, address = super().get_request()
        if self.tls is not None:
            connection = self.tls.wrap_socket(
                connection, server_side=True, do_handshake_on_connect=False
            )
        return connection, address

    def track(self, connection: socket.socket, *, add: bool) -> None:
        with self._lock:
            (self._connections.add if add else self._connections.discard)(connection)

    def handle_error(self, request, client_address) -> None:
        """Stay quiet when a client hung up first (a bot that timed out waiting for us)."""
        if isinstance(sys.exc_info()[1], ConnectionError):
            log.debug("%s hung up before the answer", client_address)
            return
        super().handle_error(request, client_address)

    def close_connections(self) -> None:
        """Wake every idle keep-alive connection so its thread ends."""
        with self._lock:
            connections = list(self._connections)
        for connection in connections:
            with contextlib.suppress(OSError):  # already closed by the client
                connection.shutdown(socket.SHUT_RDWR)


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    """Make a throwaway certificate for 127.0.0.1 and its key in folder (needs openssl)."""
    if shutil.which("openssl") is None:
        raise RuntimeError("making a certificate needs the openssl command")
    cert, key = folder / "fakeline-cert.pem", folder / "fakeline-key.pem"
    command = [
        *("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"),
        *("-nodes", "-days", "2"),
        *("-keyout", str(key), "-out", str(cert), "-subj", "/CN=127.0.0.1"),
        *("-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"),
    ]
    subprocess.run(command, check=True, capture_output=True)
    return cert, key


def tls_context(cert_file: str | Path, key_file: str | Path) -> ssl.SSLContext:
    """Return a server TLS context for a certificate and its key (PEM files)."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert_file, key_file)
    return context


class Server:
    """Serve a WSGI app on a background thread until `stop()`; over TLS when given a context."""

    def __init__(
        self,
        app: Callable,
        host: str = "127.0.0.1",
        port: int = 0,
        tls: ssl.SSLContext | None = None,
    ) -> None:
        self._server = _Server((host, port), app, tls)
        self._thread: threading.Thread | None = None
        self.scheme = "https" if tls else "http"

    @property
    def port(self) -> int:
        """Return the port actually bound (useful with port 0)."""
        return self._server.server_address[1]

    def start(self) -> None:
        """Start answering on a daemon thread."""
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            args=(0.02,),  # poll interval: how long stop() may wait for the loop to notice
            name="fakeline-server",
            daemon=True,
        )
        self._thread.start()

    def serve_forever(self) -> None:
        """Answer on the calling thread until interrupted or stopped."""
        self._server.serve_forever()

    def stop(self) -> None:
        """Stop accepting, close open connections and release the port."""
        if self._thread is not None:  # shutdown() would wait forever for a loop never started
            self._server.shutdown()
            self._thread.join()
            self._thread = None
        self._server.close_connections()
        self._server.server_close()
