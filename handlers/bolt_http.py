"""Handing Bolt a request the HTTP guard has already read: Bolt takes its parsed body and never re-reads the bytes.

Bolt's own body parser guesses what a form is from its bytes: any form containing the letters `payload` (a slash
command `/numbers payload`, one typed in `#payload-incidents`, a user named `payload-bot`) is taken for an
interactivity payload, comes out empty, and gets 404. The guard parses the form once, by its fields; this module
gives Bolt that result.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from slack_bolt import App, BoltRequest, BoltResponse

# What the guard hands on: the raw body (Bolt checks its signature again), the parsed body, the headers.
Dispatch = Callable[[str, dict[str, Any], Mapping[str, str]], BoltResponse]


class ParsedRequest(BoltRequest):
    """An HTTP request to Bolt whose body is already parsed; Bolt still verifies the signature on `raw_body`."""

    def __init__(
        self,
        *,
        raw_body: str,
        body: dict[str, Any],
        headers: Mapping[str, str | Sequence[str]],
        context: dict[str, Any] | None = None,
    ) -> None:
        # BoltRequest keeps a dict body as it is only in Socket Mode (in HTTP mode it insists on parsing the text
        # itself), so it is built that way and then made an HTTP request again: the mode only decides whether the
        # signature is checked (it is, on `raw_body`) and how a copy is made (to_copyable, below).
        super().__init__(body=body, headers=dict(headers), context=context, mode="socket_mode")
        self.raw_body = raw_body
        self.mode = "http"

    def to_copyable(self) -> ParsedRequest:
        """A copy for Bolt's lazy listeners, keeping the parsed body (Bolt's own copy would re-parse the text)."""
        return ParsedRequest(
            raw_body=self.raw_body,
            body=self.body,
            headers=self.headers,
            context=self.context.to_copyable(),
        )


def bolt_dispatch(app: App) -> Dispatch:
    """The guard's way into Bolt: one parsed request in, Bolt's response out."""

    def dispatch(raw_body: str, body: dict[str, Any], headers: Mapping[str, str]) -> BoltResponse:
        return app.dispatch(ParsedRequest(raw_body=raw_body, body=body, headers=headers))

    return dispatch
