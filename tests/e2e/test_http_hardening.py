"""HTTP mode against hostile traffic: idle sockets, trickles, huge bodies, malformed requests."""

from __future__ import annotations

import contextlib
import json
import socket
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from tests.e2e.conftest import SIGNING_SECRET, AppProcess, free_port
from tests.e2e.helpers import listening_addresses
from tests.fakes.signing import FORM, JSON, block_actions_payload, event_body, post_to_app
from tests.fakes.slack import SlackFake

IDLE_SOCKETS = 300
MANY_IDLE_SOCKETS = 2000
BURST = 100
BIG_BODY_BYTES = 50 * 1024 * 1024
MARKER = "BODY-MARKER-7f3a"  # in every hostile body: it must never reach the log


def _rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS")


def _closed_by_server(sock: socket.socket) -> bool:
    """True once the server has closed the socket (EOF or reset); False while it is still open."""
    try:
        return sock.recv(4096) == b""
    except BlockingIOError:
        return False
    except ConnectionError:
        return True


def test_hundreds_of_idle_connections_do_not_delay_a_signed_command(start_app) -> None:
    app: AppProcess = start_app()
    idle = []
    try:
        for _ in range(IDLE_SOCKETS):
            idle.append(socket.create_connection(("127.0.0.1", app.port), timeout=5))
        status, _ = app.command("help")
        assert status == 200
        assert app.last is not None
        assert app.last[3] < 1.0, f"acked after {app.last[3]:.2f} s"
    finally:
        for sock in idle:
            sock.close()


def test_two_thousand_idle_connections_do_not_delay_a_signed_command(start_app) -> None:
    app: AppProcess = start_app()
    idle = []
    try:
        # Opening a connection needs no signature: 2,000 of them once filled every slot the server had.
        for _ in range(MANY_IDLE_SOCKETS):
            idle.append(socket.create_connection(("127.0.0.1", app.port), timeout=5))
        status, _ = app.command("help", timeout=30)
        assert status == 200
        assert app.last is not None
        assert app.last[3] < 1.0, f"acked after {app.last[3]:.2f} s"
    finally:
        for sock in idle:
            sock.close()


def test_a_burst_of_signed_requests_from_one_address_is_all_acked(start_app) -> None:
    app: AppProcess = start_app({"USER_RATE_LIMIT": "0"})
    # More connections at once than one address may keep idle: each is sending its request, none is closed.
    with ThreadPoolExecutor(BURST) as pool:
        statuses = list(pool.map(lambda i: app.command("help", user_id=f"U0BURST{i}", timeout=30)[0], range(BURST)))
    assert statuses == [200] * BURST


def test_idle_and_trickling_connections_are_closed_within_seconds(start_app) -> None:
    app: AppProcess = start_app()
    idle = socket.create_connection(("127.0.0.1", app.port), timeout=5)
    trickle = socket.create_connection(("127.0.0.1", app.port), timeout=5)
    idle.setblocking(False)
    trickle.setblocking(False)
    started = time.monotonic()
    request = b"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n" + b"x" * 100
    sent = 0
    try:
        while not (_closed_by_server(idle) and _closed_by_server(trickle)):
            assert time.monotonic() - started < 10, "a connection was still open after 10 s"
            with contextlib.suppress(OSError):
                trickle.send(request[sent : sent + 1])  # one byte every 100 ms: never idle, never done
                sent += 1
            time.sleep(0.1)  # the trickle's pace
        assert time.monotonic() - started < 8
    finally:
        idle.close()
        trickle.close()


def test_a_50_mb_unsigned_body_is_refused_fast_without_growing_memory(start_app) -> None:
    app: AppProcess = start_app()
    assert app.pid is not None
    rss_before = _rss_kib(app.pid)
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", app.port), timeout=10) as sock:
        head = f"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Type: {JSON}\r\nContent-Length: {BIG_BODY_BYTES}\r\n"
        sock.sendall(head.encode() + b"\r\n")
        chunk = (MARKER * 4096).encode()[:65536]
        with contextlib.suppress(OSError):  # the server answers and closes long before the body is sent
            for _ in range(BIG_BODY_BYTES // len(chunk)):
                sock.sendall(chunk)
        answer = b""
        with contextlib.suppress(OSError):
            while chunk_in := sock.recv(4096):
                answer += chunk_in
    elapsed = time.monotonic() - started
    assert answer.startswith(b"HTTP/1.1 413"), answer[:80]
    assert elapsed < 3.0
    assert _rss_kib(app.pid) - rss_before < 20 * 1024
    assert MARKER not in app.logs()


def _malformed_requests() -> list[tuple[str, bytes, str, dict[str, str], bool, int]]:
    """(name, body, content type, header overrides, signed, expected status) for each malformed request."""
    deep = ("[" * 10_000 + f'"{MARKER}"' + "]" * 10_000).encode()
    no_actions = block_actions_payload("numbers-next", MARKER, "http://127.0.0.1:9/r") | {"actions": []}
    null_event = json.loads(event_body({"type": "app_mention", "text": MARKER})) | {"event": None}
    bodies = [
        ("invalid JSON", f'{{"{MARKER}": '.encode(), JSON),
        ("invalid UTF-8", b"\xff\xfe" + MARKER.encode(), JSON),
        ("10,000-deep JSON", deep, JSON),
        ("payload=null", f"payload=null&x={MARKER}".encode(), FORM),
        ("actions: []", f"payload={json.dumps(no_actions)}".encode(), FORM),
        ("event: null", json.dumps(null_event).encode(), JSON),
    ]
    bad_signature = {"X-Slack-Signature": "v0=00"}
    cases = [
        (f"unsigned {name}", body, ctype, bad_signature, False, 400 if name == "invalid UTF-8" else 401)
        for name, body, ctype in bodies
    ]
    cases += [(f"signed {name}", body, ctype, {}, True, 400) for name, body, ctype in bodies]
    bad_time = {"X-Slack-Request-Timestamp": "abc"}
    cases.append(("timestamp abc", b"command=/numbers&text=" + MARKER.encode(), FORM, bad_time, True, 401))
    return cases


def test_malformed_requests_get_4xx_one_short_line_and_no_traceback(start_app, slack: SlackFake) -> None:
    app: AppProcess = start_app()
    for name, body, ctype, headers, signed, expected in _malformed_requests():
        secret = SIGNING_SECRET if signed else "not-the-secret"
        status, _, answer, elapsed = post_to_app(app.url, body, secret, ctype, extra_headers=headers)
        assert status == expected, f"{name}: HTTP {status} {answer[:80]!r}"
        assert elapsed < 1.0, name
    logs = app.logs()
    assert "Traceback" not in logs
    assert MARKER not in logs
    assert all(len(line) < 300 for line in logs.splitlines()), "a log line carries more than a short reason"
    assert all(call.method == "auth.test" for call in slack.api_calls)


def test_an_event_no_listener_takes_is_acked_without_logging_its_body(start_app) -> None:
    app: AppProcess = start_app()
    assert app.event({"type": "reaction_added", "user": "U0USER", "reaction": MARKER}) in (200, 404)
    assert MARKER not in app.logs()


def test_the_health_port_listens_on_host_only(start_app) -> None:
    health_port = free_port()
    app: AppProcess = start_app({"HOST": "127.0.0.1", "HEALTH_PORT": str(health_port)})
    # /healthz tells the snapshot's size and the key's rate-limit state: it is no more public than the app.
    assert listening_addresses(health_port) == {"127.0.0.1"}
    assert listening_addresses(app.port) == {"127.0.0.1"}
