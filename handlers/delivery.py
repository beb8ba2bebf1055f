"""Everything the bot sends to Slack goes out from here, on worker threads: never inside a request (an ack waits
for nothing Slack does), never asleep in a Retry-After (a rate-limited message is queued again for later), and a
message Slack refuses for its blocks is sent again as plain text.

Measured on loopback before: a refusal posted inside the request while chat.postEphemeral answered 429
`Retry-After: 10` delayed other users' acks by 19 s; answer threads asleep in Retry-After answered another user
after 39 s; a response_url answering 429 lost the reply; `Retry-After: nan` was a traceback.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.webhook import WebhookClient

from bot.inventory.outbox import Attempt, Outcome
from bot.ops.workers import FairWorkers, Limits
from bot.replies.as_text import message_text
from bot.replies.views import NO_UNFURLS, Message, escape
from bot.tls import tls_context

log = logging.getLogger(__name__)

Done = Callable[[bool], None]
Refused = Callable[[str], None]
Attempted = Callable[[Attempt], None]

# chat.postMessage errors that no retry mends (Slack's chat.postMessage reference): the channel is gone, archived,
# or the bot is not in it. The poster is told which, so a watch can be marked broken and its owner told.
PERMANENT_REFUSALS = frozenset({"channel_not_found", "not_in_channel", "is_archived"})
# chat.postMessage errors about the message itself: sending it again anywhere is refused again.
MESSAGE_REFUSALS = frozenset({"msg_too_long", "no_text", "invalid_blocks", "too_many_attachments", "invalid_arguments"})

# Threads that talk to Slack. One user (or channel) holds at most 4 of them, and at most 100 of the 5,000 messages
# that may wait; beyond that a message is dropped with a log line rather than block anything.
DELIVERY_LIMITS = Limits(threads=16, queued=5000, queued_per_key=100, running_per_key=4)
# A Retry-After we cannot read (missing, negative, nan, a date): a short pause, then try again.
SHORT_PAUSE_SECONDS = 1.0
# Slack asks for 1 to 60 s in practice; a longer value is obeyed up to this (the message waits, not a thread).
MAX_RETRY_AFTER_SECONDS = 300.0
# A rate-limited Web API call is tried this many times in all.
MAX_ATTEMPTS = 5
# Slack ("Handling user interaction"): a response_url may be used up to 5 times within 30 minutes.
RESPONSE_URL_USES = 5
RESPONSE_URL_SECONDS = 30 * 60
# response_urls remembered for that count: about 30 minutes of a busy workspace.
REMEMBERED_URLS = 10_000
# A slow Slack holds one delivery thread at most this long per attempt.
HTTP_TIMEOUT_SECONDS = 10
# Slack truncates `text` beyond 40,000 characters; the plain-text fallback stays under it.
PLAIN_TEXT_LIMIT = 39_000


def retry_after_seconds(value: Any) -> float:
    """Slack's Retry-After in seconds; missing, negative, nan or garbage is a short pause, never an exception."""
    try:
        seconds = float(str(value).strip())
    except ValueError:
        return SHORT_PAUSE_SECONDS
    if not math.isfinite(seconds) or seconds < 0:
        return SHORT_PAUSE_SECONDS
    return min(seconds, MAX_RETRY_AFTER_SECONDS)


def plain_text(message: Message) -> str:
    """The same answer without blocks: its text as the console shows it, made inert again for mrkdwn."""
    text = escape(message_text(message, with_keys=False).strip() or message.text)
    return text if len(text) <= PLAIN_TEXT_LIMIT else text[: PLAIN_TEXT_LIMIT - 1] + "…"


@dataclass(frozen=True)
class FileUpload:
    """A file on disk to share in a channel through Slack's upload flow (files_upload_v2)."""

    path: str
    filename: str
    title: str
    comment: str  # initial_comment: the message the file is shared with
    thread_ts: str | None = None


@dataclass
class _Outgoing:
    """One message on its way: where it goes, what it says, and how its attempts went."""

    key: str
    payload: dict[str, Any]
    method: str | None = None  # a Web API method, or None for a response_url
    url: str | None = None
    message: Message | None = None
    on_done: Done | None = None
    on_refused: Refused | None = None
    attempts: int = 0
    plain: bool = False
    what: str = field(default="")
    on_attempt: Attempted | None = None  # the caller keeps the message and retries it: one attempt, then told
    upload: FileUpload | None = None

    def tell(self, attempt: Attempt) -> None:
        if self.on_attempt is not None:
            try:
                self.on_attempt(attempt)
            except Exception:
                log.exception("after an attempt at %s", self.what)

    def finish(self, delivered: bool) -> None:
        if self.on_done is not None:
            try:
                self.on_done(delivered)
            except Exception:
                log.exception("after delivering %s", self.what)


@dataclass(frozen=True)
class _Result:
    ok: bool
    retry_after: float | None = None
    error: str = ""

    def attempt(self) -> Attempt:
        """This result as the outbox reads it."""
        if self.ok:
            return Attempt(Outcome.SENT)
        if self.retry_after is not None:
            return Attempt(Outcome.RATE_LIMITED, self.error or "ratelimited", self.retry_after)
        if self.error in PERMANENT_REFUSALS:
            return Attempt(Outcome.REFUSED, self.error)
        if self.error in MESSAGE_REFUSALS:
            return Attempt(Outcome.UNSENDABLE, self.error)
        # HTTP 5xx, internal_error, fatal_error, service_unavailable, request_timeout, no connection, and anything
        # this version does not know (a revoked token is mended by an operator): tried again, with backoff.
        return Attempt(Outcome.FAILED, self.error or "unknown error")


class _UrlUses:
    """How often, and since when, each response_url has been used (Slack's 5 uses in 30 minutes)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._seen: OrderedDict[str, tuple[float, int]] = OrderedDict()

    def first_seen(self, url: str) -> float:
        """When this process first had to send to `url` (the request that carried it came just before)."""
        with self._lock:
            if url not in self._seen:
                self._seen[url] = (time.monotonic(), 0)
                while len(self._seen) > REMEMBERED_URLS:
                    self._seen.popitem(last=False)
            return self._seen[url][0]

    def use(self, url: str) -> bool:
        """Count one use; False when the URL has had its 5 uses or its 30 minutes."""
        started = self.first_seen(url)
        with self._lock:
            uses = self._seen.get(url, (started, 0))[1]
            if uses >= RESPONSE_URL_USES or time.monotonic() - started > RESPONSE_URL_SECONDS:
                return False
            self._seen[url] = (started, uses + 1)
            return True

    def usable_at(self, url: str, moment: float) -> bool:
        """Whether `url` is still within its 30 minutes at `moment` (monotonic)."""
        return moment - self.first_seen(url) <= RESPONSE_URL_SECONDS


class Delivery:
    """Sends replies, refusals, views and posts to Slack from its own workers, fairly across users."""

    def __init__(self, client: WebClient, workers: FairWorkers | None = None) -> None:
        self._client = client
        self._workers = workers or FairWorkers("slack-out", DELIVERY_LIMITS)
        self._urls = _UrlUses()

    def start(self) -> None:
        """Start the sending threads now, so the first reply does not start them (issue 22)."""
        self._workers.start()

    # what the handlers call: each returns at once ------------------------------------------------------------

    def respond(
        self,
        response_url: str | None,
        key: str | None,
        message: Message,
        on_done: Done | None = None,
        **options: Any,
    ) -> None:
        """Answer through a response_url (`options`: response_type, replace_original)."""
        if not response_url:
            log.info("no response_url to answer through")
            if on_done is not None:
                on_done(False)
            return
        self._urls.first_seen(response_url)
        payload = {**options, **_message_fields(message)}
        self._queue(_Outgoing(key or "-", payload, url=response_url, message=message, on_done=on_done))

    def post_message(
        self,
        channel: str,
        key: str | None,
        message: Message,
        on_done: Done | None = None,
        on_refused: Refused | None = None,
        on_attempt: Attempted | None = None,
        **options: Any,
    ) -> None:
        """chat.postMessage (`options`: thread_ts); `on_refused` hears a refusal no retry mends (PERMANENT_REFUSALS).

        With `on_attempt` (the watch-post outbox) the message is tried once and the caller hears how it went: a
        429 is not waited out here, the caller stores when to try again."""
        payload = {"channel": channel, **options, **_message_fields(message)}
        outgoing = _Outgoing(key or channel, payload, "chat.postMessage", message=message, on_done=on_done)
        outgoing.on_refused = on_refused
        outgoing.on_attempt = on_attempt
        self._queue(outgoing)

    def post_ephemeral(self, channel: str, user: str, text: str) -> None:
        """chat.postEphemeral: a line only `user` sees in `channel`."""
        payload = {"channel": channel, "user": user, "text": text, **NO_UNFURLS}
        self._queue(_Outgoing(user, payload, "chat.postEphemeral"))

    def upload_file(
        self,
        channel: str,
        key: str | None,
        upload: FileUpload,
        on_done: Done | None = None,
        on_failed: Refused | None = None,
    ) -> None:
        """Share a file in `channel` (files.getUploadURLExternal → upload → files.completeUploadExternal);
        `on_failed` hears the Slack error of any upload that does not get there (missing_scope, not_in_channel…)."""
        payload = {"channel": channel, "filename": upload.filename}
        outgoing = _Outgoing(key or channel, payload, "files.upload", on_done=on_done, upload=upload)
        outgoing.on_refused = on_failed
        self._queue(outgoing)

    def publish_view(self, user: str, view: dict[str, Any], on_done: Done | None = None) -> None:
        """views.publish: a user's Home tab."""
        self._queue(_Outgoing(user, {"user_id": user, "view": view}, "views.publish", on_done=on_done))

    # the workers' side ---------------------------------------------------------------------------------------

    def _queue(self, out: _Outgoing, delay: float = 0.0) -> None:
        out.what = out.method or "response_url"
        if not self._workers.submit(out.key, lambda: self._attempt(out), delay=delay):
            out.tell(Attempt(Outcome.FAILED, "queue full"))
            out.finish(False)

    def _attempt(self, out: _Outgoing) -> None:
        out.attempts += 1
        if out.url is not None and not self._urls.use(out.url):
            log.warning("response_url had its %d uses or %d minutes: reply dropped", RESPONSE_URL_USES, 30)
            out.finish(False)
            return
        result = self._send(out)
        if out.on_attempt is not None and not (result.error == "invalid_blocks" and not out.plain):
            out.tell(result.attempt())  # the outbox stores what comes next (a refusal included)
            out.finish(result.ok)
        elif result.ok:
            out.finish(True)
        elif result.retry_after is not None:
            self._retry_later(out, result.retry_after)
        elif result.error == "invalid_blocks" and out.message is not None and not out.plain:
            # Slack refused the blocks (a limit we misjudged): the same answer as plain text beats no answer.
            log.warning("%s refused the blocks (invalid_blocks): sending the plain text of the answer", out.what)
            out.plain = True
            out.payload = {k: v for k, v in out.payload.items() if k != "blocks"} | {"text": plain_text(out.message)}
            self._attempt(out)
        else:
            # An upload's sender hears every failure (it tells the user); a post's only a refusal no retry mends.
            if (result.error in PERMANENT_REFUSALS or out.upload is not None) and out.on_refused is not None:
                try:
                    out.on_refused(result.error)
                except Exception:
                    log.exception("after %s was refused", out.what)
            out.finish(False)

    def _retry_later(self, out: _Outgoing, seconds: float) -> None:
        due = time.monotonic() + seconds
        if out.url is not None and not self._urls.usable_at(out.url, due):
            log.warning("response_url rate-limited past its 30 minutes: reply dropped")
            out.finish(False)
        elif out.url is None and out.attempts >= MAX_ATTEMPTS:
            log.warning("%s still rate-limited after %d attempts: message dropped", out.what, out.attempts)
            if out.upload is not None and out.on_refused is not None:
                out.on_refused("ratelimited")
            out.finish(False)
        else:
            log.info("%s rate-limited: trying again in %.1f s", out.what, seconds)
            self._queue(out, delay=seconds)

    def _send(self, out: _Outgoing) -> _Result:
        try:
            if out.upload is not None:
                return self._to_files(out, out.upload)
            return self._to_url(out) if out.url is not None else self._to_api(out)
        except Exception as exc:  # a connection Slack dropped, a timeout: logged, never raised into a worker
            log.warning("could not deliver through %s: %s", out.what, type(exc).__name__)
            return _Result(False, error=type(exc).__name__)

    def _to_api(self, out: _Outgoing) -> _Result:
        assert out.method is not None
        try:
            self._client.api_call(out.method, json=out.payload)
        except SlackApiError as exc:
            error = str(exc.response.get("error", "unknown error"))
            if exc.response.status_code == 429 or error == "ratelimited":
                return _Result(False, retry_after_seconds(_header(exc.response.headers, "retry-after")), error)
            if exc.response.status_code >= 500:  # Slack's own trouble (an HTML page, or internal_error)
                error = f"http_{exc.response.status_code}" if error.startswith("Received a response") else error
                log.warning("%s failed: HTTP %d %s", out.method, exc.response.status_code, error[:40])
                return _Result(False, error=error if error != "unknown error" else f"http_{exc.response.status_code}")
            if error != "invalid_blocks":
                # not_in_channel: a private channel (or no chat:write.public): invite the bot, says the README.
                log.warning("%s failed: %s", out.method, error)
            return _Result(False, error=error)
        return _Result(True)

    def _to_files(self, out: _Outgoing, upload: FileUpload) -> _Result:
        """slack_sdk's files_upload_v2: the three steps of Slack's upload flow, with this client's token and URL."""
        try:
            self._client.files_upload_v2(
                file=upload.path,
                filename=upload.filename,
                title=upload.title,
                channel=out.payload["channel"],
                initial_comment=upload.comment,
                thread_ts=upload.thread_ts,
            )
        except SlackApiError as exc:
            error = str(exc.response.get("error", "unknown error"))
            if exc.response.status_code == 429 or error == "ratelimited":
                return _Result(False, retry_after_seconds(_header(exc.response.headers, "retry-after")), error)
            log.warning("file upload failed: %s", error)  # missing_scope: files:write is not granted (README)
            return _Result(False, error=error)
        return _Result(True)

    def _to_url(self, out: _Outgoing) -> _Result:
        assert out.url is not None
        response = WebhookClient(out.url, timeout=HTTP_TIMEOUT_SECONDS, ssl=tls_context()).send_dict(out.payload)
        if response.status_code == 200:
            return _Result(True)
        if response.status_code == 429:
            return _Result(False, retry_after_seconds(_header(response.headers, "retry-after")), "ratelimited")
        body = str(response.body)[:80]
        if body.strip() != "invalid_blocks":
            log.warning("response_url refused the reply: HTTP %d %s", response.status_code, body)
        return _Result(False, error=body.strip())


def _message_fields(message: Message) -> dict[str, Any]:
    """A message's text and blocks; a message of text alone sends no empty `blocks`."""
    return {key: value for key, value in message.as_kwargs().items() if key != "blocks" or value}


def _header(headers: Any, name: str) -> Any:
    """A header's value by case-insensitive name (slack_sdk keeps the server's spelling), or None."""
    for key, value in dict(headers or {}).items():
        if str(key).lower() == name:
            return value[0] if isinstance(value, list) and value else value
    return None
