"""Loopback fake of the Slack Web API (`POST /api/<method>`) and of response_url endpoints."""

from __future__ import annotations

import contextlib
import itertools
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

from tests.fakes._server import Incoming, LoopbackFake, Reply
from tests.fakes.slack_files import METHODS as FILE_METHODS
from tests.fakes.slack_files import UPLOAD_PATH, FileUploads, UploadedFile
from tests.fakes.workflow_steps import COMPLETE_METHODS, FunctionExecutions

DEFAULT_BOT_TOKEN = "xoxb-test-token"
DEFAULT_APP_TOKEN = "xapp-test-token"
TEAM_ID = "T0TEST"
BOT_USER_ID = "U0BOT"
BOT_ID = "B0BOT"

# The name the knobs below use for every response_url, in place of a Web API method.
RESPONSE_URL = "response_url"
# Fields slack_sdk sends JSON-encoded inside form bodies; decoded so records look the same either way.
_JSON_FIELDS = ("blocks", "attachments", "view", "metadata", "outputs")
_MESSAGE_METHODS = ("chat.postMessage", "chat.postEphemeral", "chat.update")


@dataclass(frozen=True)
class ApiCall:
    """One Web API call: method name, parsed body, lower-cased headers, HTTP status and the JSON answered."""

    method: str
    body: dict[str, Any]
    headers: dict[str, str]
    time: float
    status: int
    response: dict[str, Any]

    @property
    def ok(self) -> bool:
        """True when the fake answered `ok: true`."""
        return bool(self.response.get("ok"))

    @property
    def error(self) -> str | None:
        """The Slack error code answered, if any (`invalid_blocks`, `ratelimited`, …)."""
        return None if self.ok else str(self.response.get("error"))


@dataclass(frozen=True)
class ResponsePost:
    """One POST to a response_url: its id and label, parsed JSON body, headers, and what the fake answered."""

    id: str
    label: str
    body: dict[str, Any]
    headers: dict[str, str]
    time: float
    status: int
    answer: str
    problems: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """True when the fake accepted the post (HTTP 200)."""
        return self.status == 200

    @property
    def error(self) -> str | None:
        """The error answered (`expired_url`, `invalid_blocks`, …) or None."""
        return None if self.ok else self.answer


def block_problems(blocks: Any, *, max_blocks: int = 50, tables: bool = True) -> list[str]:
    """Violations of Block Kit's documented limits in a message's `blocks` (empty list when valid).

    `tables`: whether the surface takes a table block (messages do, one each; Slack shows it as an attachment)."""
    if blocks is None:
        return []
    if not isinstance(blocks, list):
        return ["blocks must be an array"]
    problems: list[str] = []
    if len(blocks) > max_blocks:
        problems.append(f"too many blocks: {len(blocks)} > {max_blocks}")
    block_ids: set[str] = set()

    def text_obj(where: str, obj: Any, limit: int, plain_only: bool = False) -> None:
        if not isinstance(obj, dict) or obj.get("type") not in ("plain_text", "mrkdwn"):
            problems.append(f"{where}: must be a text object")
            return
        if plain_only and obj["type"] != "plain_text":
            problems.append(f"{where}: must be plain_text")
        text = obj.get("text")
        if not isinstance(text, str) or not text:
            problems.append(f"{where}: text must be a non-empty string")
        elif len(text) > limit:
            problems.append(f"{where}: text longer than {limit} characters ({len(text)})")

    for i, block in enumerate(blocks):
        where = f"blocks[{i}]"
        if not isinstance(block, dict):
            problems.append(f"{where}: must be an object")
            continue
        kind = block.get("type")
        block_id = block.get("block_id")
        if block_id is not None:
            if not isinstance(block_id, str) or len(block_id) > 255:
                problems.append(f"{where}: block_id must be a string of at most 255 characters")
            elif block_id in block_ids:
                problems.append(f"{where}: duplicate block_id {block_id!r}")
            else:
                block_ids.add(block_id)
        if kind == "section":
            if "text" not in block and "fields" not in block:
                problems.append(f"{where}: section needs text or fields")
            if "text" in block:
                text_obj(f"{where}.text", block["text"], 3000)
            fields = block.get("fields", [])
            if len(fields) > 10:
                problems.append(f"{where}: more than 10 fields")
            for j, fld in enumerate(fields):
                text_obj(f"{where}.fields[{j}]", fld, 2000)
            if "accessory" in block:
                _element_problems(f"{where}.accessory", block["accessory"], problems, text_obj)
        elif kind == "header":
            text_obj(f"{where}.text", block.get("text"), 150, plain_only=True)
        elif kind == "context":
            elements = block.get("elements") or []
            if not 1 <= len(elements) <= 10:
                problems.append(f"{where}: context needs 1 to 10 elements")
            for j, el in enumerate(elements):
                if isinstance(el, dict) and el.get("type") in ("plain_text", "mrkdwn"):
                    text_obj(f"{where}.elements[{j}]", el, 3000)
        elif kind == "actions":
            elements = block.get("elements") or []
            if not 1 <= len(elements) <= 25:
                problems.append(f"{where}: actions needs 1 to 25 elements")
            action_ids = [el.get("action_id") for el in elements if isinstance(el, dict) and el.get("action_id")]
            if len(action_ids) != len(set(action_ids)):
                problems.append(f"{where}: duplicate action_id in one block: {action_ids}")
            for j, el in enumerate(elements):
                _element_problems(f"{where}.elements[{j}]", el, problems, text_obj)
        elif kind == "table" and tables:
            _table_problems(where, block, problems)
            if sum(1 for b in blocks if isinstance(b, dict) and b.get("type") == "table") > 1:
                problems.append(f"{where}: only one table is allowed per message")
        elif kind not in ("divider", "image", "rich_text", "input", "file", "video", "markdown"):
            problems.append(f"{where}: unknown block type {kind!r}")
    return problems


def _table_problems(where: str, block: dict[str, Any], problems: list[str]) -> None:
    """A table block's documented limits: 1-100 rows of 1-20 cells, raw_text or rich_text, 20 column settings."""
    rows = block.get("rows")
    if not isinstance(rows, list) or not 1 <= len(rows) <= 100:
        problems.append(f"{where}: a table needs 1 to 100 rows")
        return
    for r, row in enumerate(rows):
        if not isinstance(row, list) or not 1 <= len(row) <= 20:
            problems.append(f"{where}.rows[{r}]: a row needs 1 to 20 cells")
            continue
        for c, cell in enumerate(row):
            kind = cell.get("type") if isinstance(cell, dict) else None
            if kind == "raw_text" and not (isinstance(cell.get("text"), str) and cell["text"]):
                problems.append(f"{where}.rows[{r}][{c}]: raw_text needs a non-empty text")
            elif kind not in ("raw_text", "rich_text"):
                problems.append(f"{where}.rows[{r}][{c}]: a cell is raw_text or rich_text")
    settings = block.get("column_settings") or []
    if len(settings) > 20 or any(s and s.get("align") not in (None, "left", "center", "right") for s in settings):
        problems.append(f"{where}: column_settings: at most 20, align left, center or right")


def _element_problems(where: str, el: Any, problems: list[str], text_obj: Callable[..., None]) -> None:
    """Limits of interactive elements (buttons are what this bot uses)."""
    if not isinstance(el, dict):
        problems.append(f"{where}: must be an object")
        return
    action_id = el.get("action_id")
    if action_id is not None and (not isinstance(action_id, str) or len(action_id) > 255):
        problems.append(f"{where}: action_id must be a string of at most 255 characters")
    if el.get("type") == "button":
        text_obj(f"{where}.text", el.get("text"), 75, plain_only=True)
        value = el.get("value")
        if value is not None and (not isinstance(value, str) or len(value) > 2000):
            problems.append(f"{where}: button value must be a string of at most 2000 characters")
        if el.get("style") not in (None, "primary", "danger"):
            problems.append(f"{where}: button style must be primary or danger")


def _message_problems(body: dict[str, Any]) -> list[str]:
    """Problems of a message payload (chat.* body or response_url body)."""
    problems = block_problems(body.get("blocks"))
    text = body.get("text")
    if text is not None and isinstance(text, str) and len(text) > 40000:
        problems.append(f"text longer than 40000 characters ({len(text)})")
    return problems


class SlackFake(LoopbackFake):
    """Slack Web API + response_url receiver on 127.0.0.1; `.url` ends in `/api/` (SLACK_API_URL)."""

    def __init__(self, bot_token: str = DEFAULT_BOT_TOKEN, *, validate_blocks: bool = True) -> None:
        super().__init__()
        self.bot_token = bot_token
        # Socket Mode: apps.connections.open (with the app-level token) answers this websocket URL when set.
        self.app_token = DEFAULT_APP_TOKEN
        self.socket_url: str | None = None
        # Socket Mode switched off in the app's settings: apps.connections.open answers ok:false with this error.
        self.socket_open_error: str | None = None
        self.validate_blocks = validate_blocks
        self._api_calls: list[ApiCall] = []
        self._responses: list[ResponsePost] = []
        self._labels: dict[str, str] = {}
        self._rate_limits: dict[str, tuple[int, int | str]] = {}
        self._slow: dict[str, tuple[int, float]] = {}
        self._slow_urls: dict[str, float] = {}
        self._refused_blocks: dict[str, int] = {}
        self._failures: dict[str, tuple[int, int, str]] = {}
        self._refused_channels: dict[str, str] = {}
        self._expired = False
        self._ids = itertools.count(1)
        self._ts = itertools.count(1)
        # Workflow Builder steps: `functions.start(...)` makes a function_executed event; completions are checked.
        self.functions = FunctionExecutions()
        # The bot token's scopes (the manifest's); a method needing one it lacks answers `missing_scope`.
        self.scopes = {"commands", "chat:write", "chat:write.public", "app_mentions:read", "files:write"}
        self.files = FileUploads()

    # addresses ---------------------------------------------------------------------------------------------

    @property
    def url(self) -> str:
        """Web API base ending in `/api/`, e.g. `http://127.0.0.1:PORT/api/`."""
        return f"{self.root}/api/"

    def response_url(self, label: str = "") -> str:
        """A fresh response_url on this server (`http://127.0.0.1:PORT/response/<id>`)."""
        with self._cond:
            rid = f"R{next(self._ids):04d}"
            self._labels[rid] = label
        return f"{self.root}/response/{rid}"

    # knobs --------------------------------------------------------------------------------------------------

    def rate_limit_next(self, method: str, count: int, retry_after: int | str = 1) -> None:
        """The next `count` calls of `method` (or POSTs to any response_url: RESPONSE_URL) get HTTP 429 with
        `Retry-After: retry_after` (Slack: "ratelimited"; a str sends a value as it is, e.g. "nan")."""
        with self._cond:
            self._rate_limits[method] = (count, retry_after)

    def fail_next(self, method: str, count: int, status: int = 500, error: str = "internal_error") -> None:
        """The next `count` calls of `method` get HTTP `status` with `{"ok": false, "error": error}`, as Slack answers
        when it fails on its side (chat.postMessage's errors: `internal_error`, `fatal_error`, `service_unavailable`,
        `request_timeout`); Slack says some part of such a call may have been done."""
        with self._cond:
            self._failures[method] = (count, status, error)

    def slow_next(self, method: str, count: int, seconds: float) -> None:
        """The next `count` calls of `method` (or RESPONSE_URL posts) are answered `seconds` late."""
        with self._cond:
            self._slow[method] = (count, seconds)

    def slow_response_url(self, url_or_id: str, seconds: float) -> None:
        """Every POST to this one response_url is answered `seconds` late."""
        with self._cond:
            self._slow_urls[self._response_id(url_or_id)] = seconds

    def refuse_blocks_next(self, method: str, count: int = 1) -> None:
        """The next `count` messages with blocks to `method` (or RESPONSE_URL) get `invalid_blocks`, as Slack
        answers blocks it cannot render; a message of text alone is accepted."""
        with self._cond:
            self._refused_blocks[method] = count

    def refuse_channel(self, channel: str, error: str | None = "not_in_channel") -> None:
        """Every chat.postMessage (and files.completeUploadExternal) to `channel` gets HTTP 200
        `{"ok": false, "error": error}`, as Slack answers a channel the bot is not in (`not_in_channel`) or that is
        gone (`channel_not_found`); None accepts it again."""
        with self._cond:
            if error is None:
                self._refused_channels.pop(channel, None)
            else:
                self._refused_channels[channel] = error

    def revoke_scope(self, scope: str) -> None:
        """The bot token no longer has `scope` (an app installed without it): methods needing it get missing_scope."""
        with self._cond:
            self.scopes.discard(scope)

    def expire_response_urls(self, expired: bool = True) -> None:
        """While expired, response_url POSTs get 404 `expired_url`."""
        with self._cond:
            self._expired = expired

    # records -----------------------------------------------------------------------------------------------

    @property
    def api_calls(self) -> list[ApiCall]:
        """Every Web API call so far (a copy), in arrival order."""
        with self._cond:
            return list(self._api_calls)

    @property
    def responses(self) -> list[ResponsePost]:
        """Every response_url POST so far (a copy), in arrival order."""
        with self._cond:
            return list(self._responses)

    @property
    def uploaded_files(self) -> list[UploadedFile]:
        """Every file shared through files.completeUploadExternal, in order."""
        return self.files.shared

    def calls(self, method: str) -> list[ApiCall]:
        """The recorded calls of one Web API method."""
        return [c for c in self.api_calls if c.method == method]

    def responses_for(self, url_or_id: str) -> list[ResponsePost]:
        """The recorded POSTs to one response_url (full URL or id)."""
        rid = self._response_id(url_or_id)
        return [r for r in self.responses if r.id == rid]

    @property
    def problems(self) -> list[ApiCall | ResponsePost]:
        """Records the fake rejected for invalid content (not rate limits or expiry)."""
        records: list[ApiCall | ResponsePost] = [*self.api_calls, *self.responses]
        return [r for r in records if r.error in ("invalid_blocks", "msg_too_long", "no_text", "invalid_payload")]

    def reset(self) -> None:
        """Forget recorded calls and responses (issued response_urls stay valid)."""
        with self._cond:
            self._api_calls.clear()
            self._responses.clear()
            self._reset_peak()

    def wait_for_api_call(
        self,
        method: str,
        predicate: Callable[[ApiCall], bool] | None = None,
        timeout: float = 5.0,
        count: int = 1,
    ) -> ApiCall:
        """Block until `count` calls of `method` matching `predicate` exist; return the `count`-th one."""
        matching = self._waiter(lambda: [c for c in self._api_calls if c.method == method], predicate, count, timeout)
        if matching is None:
            with self._cond:
                seen = [f"{c.method} {c.status} {_short(c.body)}" for c in self._api_calls]
            raise AssertionError(
                f"SlackFake: no {count} call(s) of {method} matching the predicate within {timeout}s; "
                f"API calls seen ({len(seen)}): {seen[-10:]}"
            )
        return matching

    def wait_for_response(
        self,
        url_or_id: str,
        predicate: Callable[[ResponsePost], bool] | None = None,
        timeout: float = 5.0,
        count: int = 1,
    ) -> ResponsePost:
        """Block until `count` POSTs to the response_url match `predicate`; return the `count`-th one."""
        rid = self._response_id(url_or_id)
        matching = self._waiter(lambda: [r for r in self._responses if r.id == rid], predicate, count, timeout)
        if matching is None:
            with self._cond:
                mine = [f"{r.status} {_short(r.body)}" for r in self._responses if r.id == rid]
                others = len(self._responses) - len(mine)
                label = self._labels.get(rid, "?")
            raise AssertionError(
                f"SlackFake: no {count} POST(s) to response_url {rid} ({label!r}) matching the predicate "
                f"within {timeout}s; posts to it: {mine}; posts to other response_urls: {others}"
            )
        return matching

    def _waiter(self, records: Callable[[], list[Any]], predicate: Any, count: int, timeout: float) -> Any:
        found: list[Any] = []

        def ready() -> bool:
            found[:] = [r for r in records() if predicate is None or predicate(r)]
            return len(found) >= count

        return found[count - 1] if self._wait_until(ready, timeout) else None

    @staticmethod
    def _response_id(url_or_id: str) -> str:
        return url_or_id.rstrip("/").rsplit("/response/", 1)[-1]

    # serving -----------------------------------------------------------------------------------------------

    def _handle(self, req: Incoming) -> Reply | None:
        if req.path.startswith("/api/") and req.method in ("GET", "POST"):
            return self._api(req.path.removeprefix("/api/"), req)
        if req.path.startswith("/response/") and req.method == "POST":
            return self._response_post(req.path.removeprefix("/response/"), req)
        if req.path.startswith(UPLOAD_PATH) and req.method == "POST":  # a file's bytes, to its upload_url
            status, text = self.files.receive(req.path.removeprefix(UPLOAD_PATH), req.body)
            with self._cond:
                self._cond.notify_all()
            return Reply.text(status, text)
        return Reply.text(404, "not_found")

    @staticmethod
    def _parse_body(req: Incoming) -> dict[str, Any] | None:
        """Merge query params and a JSON or form body into one dict; None when the body is unparseable."""
        body: dict[str, Any] = dict(req.query)
        ctype = req.headers.get("content-type", "")
        raw = req.body.decode("utf-8", "replace")
        if raw.strip():
            if "json" in ctype:
                try:
                    parsed = json.loads(raw)
                except ValueError:
                    return None
                if not isinstance(parsed, dict):
                    return None
                body.update(parsed)
            else:
                body.update(parse_qsl(raw, keep_blank_values=True))
        for key in _JSON_FIELDS:
            if isinstance(body.get(key), str):
                with contextlib.suppress(ValueError):
                    body[key] = json.loads(body[key])
        return body

    def _token(self, req: Incoming, body: dict[str, Any]) -> str | None:
        scheme, _, token = req.headers.get("authorization", "").partition(" ")
        if scheme.lower() == "bearer" and token:
            return token.strip()
        return body.get("token")

    def _next_ts(self) -> str:
        n = next(self._ts)
        return f"{1700000000 + n}.{n:06d}"

    def _take(self, knobs: dict[str, Any], method: str) -> Any:
        """Use up one of a knob's `count` for `method`: its setting, or None when it is not (or no longer) set."""
        with self._cond:
            knob = knobs.get(method)
            if isinstance(knob, int):
                if knob <= 0:
                    return None
                knobs[method] = knob - 1
                return True
            if not knob or knob[0] <= 0:
                return None
            knobs[method] = (knob[0] - 1, *knob[1:])
            return knob[1]

    def _take_failure(self, method: str) -> tuple[int, str] | None:
        """Use up one of `fail_next`'s count for `method`: (status, error), or None."""
        with self._cond:
            count, status, error = self._failures.get(method, (0, 0, ""))
            if count <= 0:
                return None
            self._failures[method] = (count - 1, status, error)
            return status, error

    def _delay(self, seconds: float | None) -> None:
        """Answer late (a slow Slack), unless the fake is stopping."""
        if seconds:
            self._stopping.wait(seconds)

    def _api(self, method: str, req: Incoming) -> Reply:
        body = self._parse_body(req)
        status, headers = 200, {}
        self._delay(self._take(self._slow, method))
        if body is None:
            body, answer = {"_raw": req.body.decode("utf-8", "replace")}, {"ok": False, "error": "invalid_json"}
        else:
            if (retry_after := self._take(self._rate_limits, method)) is not None:
                status, headers = 429, {"Retry-After": str(retry_after)}
            failure = self._take_failure(method) if status != 429 else None
            if status == 429:
                answer = {"ok": False, "error": "ratelimited"}
            elif failure is not None:
                status, answer = failure[0], {"ok": False, "error": failure[1]}
            elif method == "chat.postMessage" and (refusal := self._refused_channels.get(str(body.get("channel")))):
                answer = {"ok": False, "error": refusal}
            elif body.get("blocks") and self._take(self._refused_blocks, method):
                answer = {"ok": False, "error": "invalid_blocks", "errors": ["refused on demand (refuse_blocks_next)"]}
            elif method in COMPLETE_METHODS:  # a step completes with its execution's own token
                answer = self.functions.complete(method, body, self._token(req, body))
            elif self._token(req, body) != (self.app_token if method == "apps.connections.open" else self.bot_token):
                answer = {"ok": False, "error": "invalid_auth" if self._token(req, body) else "not_authed"}
            else:
                answer = self._answer(method, body)
        with self._cond:
            self._api_calls.append(ApiCall(method, body, req.headers, req.time, status, answer))
            self._cond.notify_all()
        return Reply.json(status, answer, headers)

    def _answer(self, method: str, body: dict[str, Any]) -> dict[str, Any]:
        if method == "auth.test":
            return {
                "ok": True,
                "url": "https://test.slack.com/",
                "team": "Test",
                "user": "numbers",
                "team_id": TEAM_ID,
                "user_id": BOT_USER_ID,
                "bot_id": BOT_ID,
                "is_enterprise_install": False,
            }
        if method == "apps.connections.open":
            if self.socket_open_error:
                return {"ok": False, "error": self.socket_open_error}
            return {"ok": True, "url": self.socket_url} if self.socket_url else {"ok": False, "error": "not_allowed"}
        if method in _MESSAGE_METHODS:
            channel = body.get("channel")
            if not channel:
                return {"ok": False, "error": "channel_not_found"}
            if not any(body.get(k) for k in ("text", "blocks", "attachments")):
                return {"ok": False, "error": "no_text"}
            problems = _message_problems(body) if self.validate_blocks else []
            if problems:
                error = "msg_too_long" if all(p.startswith("text longer") for p in problems) else "invalid_blocks"
                return {"ok": False, "error": error, "errors": problems}
            if method == "chat.postEphemeral":
                if not body.get("user"):
                    return {"ok": False, "error": "user_not_found"}
                return {"ok": True, "message_ts": self._next_ts(), "channel": channel}
            if method == "chat.update" and not body.get("ts"):
                return {"ok": False, "error": "message_not_found"}
            ts = body["ts"] if method == "chat.update" else self._next_ts()
            message = {
                "type": "message",
                "user": BOT_USER_ID,
                "bot_id": BOT_ID,
                "text": body.get("text", ""),
                "blocks": body.get("blocks", []),
                "ts": ts,
            }
            if body.get("thread_ts"):
                message["thread_ts"] = body["thread_ts"]
            return {"ok": True, "channel": channel, "ts": ts, "message": message}
        if method in FILE_METHODS:
            with self._cond:
                scopes, refusal = set(self.scopes), self._refused_channels.get(str(body.get("channel_id")))
            return self.files.answer(method, body, self.root, scopes, refusal)
        if method == "views.publish":
            view = body.get("view") if isinstance(body.get("view"), dict) else {}
            # A table block is for messages (Slack renders it as an attachment): a Home view has none.
            blocks = view.get("blocks")
            problems = block_problems(blocks, max_blocks=100, tables=False) if self.validate_blocks else []
            if problems:
                return {"ok": False, "error": "invalid_blocks", "errors": problems}
            return {"ok": True, "view": {"id": f"V{next(self._ids):08d}", "type": "home", **view}}
        return {"ok": True}

    def _response_post(self, rid: str, req: Incoming) -> Reply:
        try:
            parsed = json.loads(req.body or b"null")
        except ValueError:
            parsed = None
        body = parsed if isinstance(parsed, dict) else {"_raw": req.body.decode("utf-8", "replace")}
        with self._cond:
            known, expired, label = rid in self._labels, self._expired, self._labels.get(rid, "")
            slow_url = self._slow_urls.get(rid)
        self._delay(self._take(self._slow, RESPONSE_URL) or slow_url)
        problems = tuple(_message_problems(body)) if self.validate_blocks else ()
        headers: dict[str, str] = {}
        if not known:
            status, answer = 404, "no_such_url"
        elif expired:
            status, answer = 404, "expired_url"
        elif not isinstance(parsed, dict):
            status, answer = 400, "invalid_payload"
        elif not any(body.get(k) for k in ("text", "blocks", "attachments", "delete_original")):
            status, answer = 400, "no_text"
        elif (retry_after := self._take(self._rate_limits, RESPONSE_URL)) is not None:
            status, answer, headers = 429, "rate_limited", {"Retry-After": str(retry_after)}
        elif problems or (body.get("blocks") and self._take(self._refused_blocks, RESPONSE_URL)):
            status, answer = 400, "invalid_blocks"
        else:
            status, answer = 200, "ok"
        with self._cond:
            self._responses.append(ResponsePost(rid, label, body, req.headers, req.time, status, answer, problems))
            self._cond.notify_all()
        return Reply.text(status, answer, headers)


def _short(body: dict[str, Any], limit: int = 160) -> str:
    """A one-line preview of a recorded body for error messages."""
    text = re.sub(r"\s+", " ", json.dumps(body, default=str))
    return text if len(text) <= limit else text[: limit - 1] + "…"
