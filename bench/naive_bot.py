"""The baseline for the benchmark: what a quick script-bot does. Not product code.

For every slash command it pages Flireo sequentially with `limit=100` and no cache, filters the records and
posts a plain reply to the command's `response_url`. It reads the same variables as the real bot
(SLACK_SIGNING_SECRET, FLIREO_API_KEY, FLIREO_API_URL, PORT), verifies Slack's signatures, serves
`POST /slack/events` and `GET /healthz` on waitress, and answers each command in a thread of its own
after acking at once. Run: `python -m bench.naive_bot`.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import parse_qs

import httpx
from waitress import serve

PAGE_LIMIT = 100
# Slack: reject requests signed more than five minutes ago (replay protection).
SIGNATURE_MAX_AGE_SECONDS = 300
SHOWN = 10

SECRET = os.environ["SLACK_SIGNING_SECRET"].encode()
FLIREO = httpx.Client(
    base_url=os.environ["FLIREO_API_URL"].rstrip("/"),
    headers={"Authorization": f"Bearer {os.environ['FLIREO_API_KEY']}"},
    # Patient: in a burst it sends 50 x 20 requests at once, and a baseline that gives up measures nothing.
    timeout=30.0,
)

TYPES = {"local", "mobile", "national"}
IGNORED = {"list", "all", "find", "who", "in", "stats", "numbers", "linked", "available", "free", "taken"}


def verified(headers: dict[str, str], body: bytes) -> bool:
    """Slack's v0 signature over `v0:{timestamp}:{body}`."""
    timestamp = headers.get("HTTP_X_SLACK_REQUEST_TIMESTAMP", "")
    signature = headers.get("HTTP_X_SLACK_SIGNATURE", "")
    if not timestamp.isdigit() or abs(time.time() - int(timestamp)) > SIGNATURE_MAX_AGE_SECONDS:
        return False
    expected = "v0=" + hmac.new(SECRET, b"v0:" + timestamp.encode() + b":" + body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, signature)


def fetch_all() -> list[dict[str, Any]]:
    """Every number, one page after the other."""
    numbers: list[dict[str, Any]] = []
    offset = 0
    while True:
        response = FLIREO.get("/v1/phone-numbers", params={"limit": PAGE_LIMIT, "offset": offset})
        response.raise_for_status()
        page = response.json()
        numbers.extend(page["data"])
        offset += PAGE_LIMIT
        if len(page["data"]) < PAGE_LIMIT or offset >= page["meta"]["total"]:
            return numbers


def matches(record: dict[str, Any], words: list[str], digits: str) -> bool:
    """Every word must fit the record; digits must appear in the number."""
    assistant = (record.get("linked_assistant") or {}).get("name") or ""
    for word in words:
        if word in ("available", "free") and not record.get("available"):
            return False
        if word in ("linked", "taken") and not assistant:
            return False
        if word in TYPES and record.get("number_type") != word:
            return False
        if word not in TYPES | IGNORED and word not in f"{record.get('locality') or ''} {assistant}".lower():
            return False
    return not digits or digits in record["phone_number"]


def answer(text: str, response_url: str) -> None:
    """Fetch everything, filter, post a plain reply."""
    words = [w for w in re.findall(r"[a-z']+", text.lower())]
    digits = "".join(re.findall(r"\d+", text))
    if digits.startswith("0"):
        digits = "31" + digits[1:]
    try:
        found = [r for r in fetch_all() if matches(r, words, digits)]
        lines = [f"{r['phone_number']} · {r.get('number_type')} · {r.get('locality') or ''}" for r in found[:SHOWN]]
        reply = f"{len(found)} found\n" + "\n".join(lines)
    except (httpx.HTTPError, KeyError, ValueError) as exc:
        reply = f"Flireo failed: {type(exc).__name__}"
    httpx.post(response_url, json={"response_type": "ephemeral", "text": reply}, timeout=10.0)


def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    """`POST /slack/events` (slash commands only) and `GET /healthz`."""
    path, method = environ.get("PATH_INFO"), environ.get("REQUEST_METHOD")
    if path == "/healthz" and method == "GET":
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"ok"]
    if path != "/slack/events" or method != "POST":
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"not found"]
    body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
    if not verified(environ, body):
        start_response("401 Unauthorized", [("Content-Type", "text/plain")])
        return [b"invalid signature"]
    form = {key: values[0] for key, values in parse_qs(body.decode()).items()}
    if form.get("command") and form.get("response_url"):
        threading.Thread(target=answer, args=(form.get("text", ""), form["response_url"]), daemon=True).start()
    start_response("200 OK", [("Content-Length", "0")])
    return [b""]


if __name__ == "__main__":
    serve(application, host="127.0.0.1", port=int(os.environ.get("PORT", "3000")), ident="naive")
