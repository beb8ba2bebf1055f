"""Why a listening socket could not be opened, as the one line an operator reads at 3 a.m. (issue 22)."""

from __future__ import annotations

import errno
import os
import socket

# Binding below 1024 needs root or CAP_NET_BIND_SERVICE (Linux, man 7 ip: "privileged ports").
FIRST_UNPRIVILEGED_PORT = 1024
NOT_HERE = "set HOST to one of its addresses, e.g. 0.0.0.0 (every interface) or 127.0.0.1"


class StartupError(Exception):
    """Start-up cannot go on for a reason one setting explains; the message is the line to print."""


def resolve(host: str, port: int) -> None:
    """Check that HOST names an address (the servers resolve it themselves; their error names neither)."""
    try:
        socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except (socket.gaierror, UnicodeError):
        raise StartupError(f"HOST {host} is not an address of this machine (it does not resolve): {NOT_HERE}") from None


def bind_error(setting: str, host: str, port: int, exc: OSError) -> StartupError:
    """The line for an OSError from binding `setting`'s port on `host`."""
    if isinstance(exc, socket.gaierror):
        return StartupError(f"HOST {host} is not an address of this machine (it does not resolve): {NOT_HERE}")
    if exc.errno == errno.EADDRINUSE:
        return StartupError(f"{setting} {port} is in use (another numbers process?): stop it or set {setting}")
    if exc.errno == errno.EADDRNOTAVAIL:
        return StartupError(f"HOST {host} is not an address of this machine: {NOT_HERE}")
    if exc.errno == errno.EACCES and port < FIRST_UNPRIVILEGED_PORT:
        return StartupError(
            f"{setting} {port} needs privileges to bind: set {setting} to {FIRST_UNPRIVILEGED_PORT} or above"
        )
    reason = os.strerror(exc.errno) if exc.errno else type(exc).__name__
    return StartupError(f"cannot listen on {host}:{port} ({setting}, HOST): {reason}")


def check_free(setting: str, host: str, port: int) -> None:
    """Bind and release `host:port` now, so a port in use is said before Slack is asked anything (an unreachable
    Slack would otherwise be reported first, and the port never); the server binds it again to listen."""
    resolve(host, port)
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the servers do: TIME_WAIT is no conflict
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise bind_error(setting, host, port, exc) from None
