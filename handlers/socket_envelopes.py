"""Socket Mode envelopes: run each through Bolt and ack it; one too large to read is acked with a plain refusal."""

from __future__ import annotations

import json
import logging
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from slack_bolt import App, BoltRequest, BoltResponse
from slack_sdk.webhook import WebhookClient

from bot.i18n import N_, _, decimal, in_language, number
from bot.tls import tls_context
from handlers.middleware import language_of
from handlers.payloads import MAX_BODY_BYTES, shape_problem
from handlers.socket_connection import Connection

log = logging.getLogger(__name__)

# Envelopes dispatched to Bolt at once; each only waits for its listener's ack (listeners ack first).
DISPATCH_THREADS = 16
# Slack documents no cap on an envelope. The largest it sends is a message shortcut on a message at Block Kit's
# maximum; HTTP mode's limit is sized for that message form-encoded (handlers.payloads), and the same message as a
# Socket Mode envelope is JSON, not form-encoded, so smaller: one limit serves both.
MAX_ENVELOPE_BYTES = MAX_BODY_BYTES
TOO_LARGE = N_(
    "That message is too large for me to read ({size} MiB; I read up to {limit} MiB): nothing was looked up."
)
RESPONSE_URL_TIMEOUT_SECONDS = 5


class Envelopes:
    """Dispatches envelopes on a thread pool, so a slow listener never holds a connection's reader."""

    def __init__(self, app: App) -> None:
        self.app = app
        self._pool = ThreadPoolExecutor(DISPATCH_THREADS, thread_name_prefix="envelope")

    def submit(self, conn: Connection, envelope: dict[str, Any]) -> None:
        """Run the envelope through Bolt and ack it, off the reader's thread."""
        self._pool.submit(self._dispatch, conn, envelope)

    def too_large(self, conn: Connection, data: bytes) -> None:
        """Ack an envelope over MAX_ENVELOPE_BYTES and tell the user, instead of dropping the connection."""
        self._pool.submit(self._refuse, conn, data)

    def stop(self) -> None:
        """Drop what has not started."""
        self._pool.shutdown(wait=False, cancel_futures=True)

    def _dispatch(self, conn: Connection, envelope: dict[str, Any]) -> None:
        """Run the envelope through Bolt and send the ack (with the listener's response payload, if any)."""
        payload = envelope.get("payload")
        response: dict[str, Any] = {"envelope_id": envelope["envelope_id"][:200]}
        problem = shape_problem(payload) if isinstance(payload, dict) and payload else "no payload"
        if problem is None:
            try:
                bolt = self.app.dispatch(
                    BoltRequest(mode="socket_mode", body=payload, headers=_retry_headers(envelope))
                )
            except Exception as exc:  # a malformed payload must not take the connection down
                log.warning("Socket Mode envelope could not be handled: %s", type(exc).__name__)
            else:
                if (ack_payload := _ack_payload(bolt)) is not None:
                    response["payload"] = ack_payload
        else:
            log.warning("Socket Mode envelope acknowledged and ignored: %s", problem)
        conn.send(json.dumps(response))

    def _refuse(self, conn: Connection, data: bytes) -> None:
        size = len(data) / (1024 * 1024)
        try:
            envelope = json.loads(data)
        except ValueError:
            envelope = None
        envelope_id = envelope.get("envelope_id") if isinstance(envelope, dict) else None
        if not isinstance(envelope_id, str):
            log.warning("Socket Mode message of %.1f MiB without an envelope_id ignored", size)
            return
        ack: dict[str, Any] = {"envelope_id": envelope_id[:200]}
        payload = envelope.get("payload")
        # Said in the language of the command's words (`/numbers wie heeft …`: Dutch), like every other refusal.
        with in_language(language_of(payload) if isinstance(payload, dict) else None):
            text = _(TOO_LARGE).format(size=decimal(size), limit=number(MAX_ENVELOPE_BYTES // (1024 * 1024)))
        if envelope.get("type") == "slash_commands":
            ack["payload"] = {"response_type": "ephemeral", "text": text}  # shown to the user as the ack's reply
        conn.send(json.dumps(ack))
        log.warning("Socket Mode envelope of %.1f MiB over the limit: acknowledged and refused", size)
        url = payload.get("response_url") if isinstance(payload, dict) else None
        if "payload" not in ack and isinstance(url, str) and url.startswith(("https://", "http://")):
            try:
                WebhookClient(url, timeout=RESPONSE_URL_TIMEOUT_SECONDS, ssl=tls_context()).send(
                    text=text, response_type="ephemeral"
                )
            except Exception as exc:  # the refusal is a courtesy: failing to deliver it is logged, not raised
                log.warning("could not deliver the refusal through response_url: %s", type(exc).__name__)


def _retry_headers(envelope: dict[str, Any]) -> dict[str, str] | None:
    """Slack's retry fields as the HTTP headers Bolt and the seen-events middleware read."""
    headers = {}
    if isinstance(attempt := envelope.get("retry_attempt"), int) and attempt > 0:
        headers["x-slack-retry-num"] = str(attempt)
    if isinstance(reason := envelope.get("retry_reason"), str) and reason:
        headers["x-slack-retry-reason"] = reason[:40]
    return headers or None


def _ack_payload(bolt: BoltResponse) -> dict[str, Any] | None:
    """The body Bolt would have answered over HTTP (a slash command's ephemeral reply), as the ack's payload."""
    if bolt.status != 200 or not bolt.body:
        return None
    content_type = (bolt.headers.get("content-type") or [""])[0]
    if content_type.startswith("application/json"):
        body = json.loads(bolt.body)
        return body if isinstance(body, dict) else None
    return {"text": bolt.body}
