"""A tiny `GET /healthz` and `GET /metrics` server on its own port (HEALTH_PORT), for workers that serve no HTTP
otherwise."""

from __future__ import annotations

import json
import logging
import socket
import socketserver
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from bot.monitoring.metrics import CONTENT_TYPE as METRICS_TYPE
from bot.ops.listen import bind_error, resolve

log = logging.getLogger(__name__)

# A probe's request is one short line: anything slower than this is not a probe.
REQUEST_TIMEOUT_SECONDS = 5

Report = Callable[[], tuple[int, dict[str, Any]]]
Exposition = Callable[[], bytes]


def _handler_for(report: Report, metrics: Exposition | None) -> type[BaseHTTPRequestHandler]:
    class HealthHandler(BaseHTTPRequestHandler):
        timeout = REQUEST_TIMEOUT_SECONDS

        def do_GET(self) -> None:
            path = self.path.split("?", 1)[0]
            if path == "/metrics" and metrics is not None:
                self._answer(200, metrics(), METRICS_TYPE)
            elif path == "/healthz":
                status, body = report()
                self._answer(status, json.dumps(body).encode())
            else:
                self._answer(404, json.dumps({"error": "not found"}).encode())

        def _answer(self, status: int, data: bytes, content_type: str = "application/json") -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: Any) -> None:
            """Probes every few seconds would drown the log."""

    return HealthHandler


class _HealthServer(ThreadingHTTPServer):
    daemon_threads = True

    def server_bind(self) -> None:
        """Bind without HTTPServer's reverse-DNS lookup of the host (slow or hanging in some sandboxes)."""
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = str(self.server_address[0]), int(self.server_address[1])


class _HealthServer6(_HealthServer):
    address_family = socket.AF_INET6


def serve_health(port: int, report: Report, host: str, metrics: Exposition | None = None) -> ThreadingHTTPServer:
    """Serve `GET /healthz` (the status and JSON `report` returns) and `GET /metrics` (Prometheus text `metrics`
    returns) on host:port (HOST, like the app) in a thread.

    Raises StartupError (one line naming HEALTH_PORT or HOST) when the port cannot be bound.
    """
    server_class = _HealthServer6 if ":" in host else _HealthServer  # HOST may be an IPv6 address, e.g. ::1
    resolve(host, port)
    try:
        server = server_class((host, port), _handler_for(report, metrics))
    except OSError as exc:
        raise bind_error("HEALTH_PORT", host, port, exc) from None
    threading.Thread(target=server.serve_forever, name="healthz", daemon=True).start()
    log.info("health check on http://%s:%d/healthz", host, port)
    return server
