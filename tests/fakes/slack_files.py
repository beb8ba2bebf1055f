"""Slack's file upload flow, for SlackFake, as Slack documents it (reference/methods/files.getUploadURLExternal,
files.completeUploadExternal):

1. `files.getUploadURLExternal` (filename, length; scope `files:write`) answers an `upload_url` and a `file_id`;
2. the file's bytes are POSTed to `upload_url` (raw bytes or multipart); Slack answers HTTP 200;
3. `files.completeUploadExternal` (files=[{id, title}], channel_id, initial_comment, thread_ts) shares the file;
   without `channel_id` the file stays private. An id that was never issued or never uploaded: `file_not_found`.
Without the scope either method answers `missing_scope` with `needed` and `provided`, as every method does.
"""

from __future__ import annotations

import itertools
import json
import threading
from dataclasses import dataclass
from typing import Any

SCOPE = "files:write"
UPLOAD_PATH = "/upload/v1/"
METHODS = ("files.getUploadURLExternal", "files.completeUploadExternal")


@dataclass(frozen=True)
class UploadedFile:
    """A file shared through the flow: its name, title, bytes, and where and with what comment it was shared."""

    id: str
    filename: str
    title: str
    content: bytes
    length: int  # as declared to files.getUploadURLExternal
    channel: str | None
    initial_comment: str | None
    thread_ts: str | None

    @property
    def text(self) -> str:
        """The content as UTF-8 text."""
        return self.content.decode("utf-8")


@dataclass
class _Pending:
    filename: str
    length: int
    content: bytes | None = None


class FileUploads:
    """The three steps' state: issued upload URLs, bytes received, files shared."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        self._pending: dict[str, _Pending] = {}  # file id → what was declared and received
        self._by_token: dict[str, str] = {}  # upload URL token → file id
        self._shared: list[UploadedFile] = []

    @property
    def shared(self) -> list[UploadedFile]:
        """Every file shared so far (a copy), in order."""
        with self._lock:
            return list(self._shared)

    def answer(self, method: str, body: dict[str, Any], root: str, scopes: set[str], refusal: str | None) -> dict:
        """The Web API answer to one of METHODS (token already checked); `refusal` is the channel's, if refused."""
        if SCOPE not in scopes:
            return {"ok": False, "error": "missing_scope", "needed": SCOPE, "provided": ",".join(sorted(scopes))}
        if method == "files.getUploadURLExternal":
            return self._issue(body, root)
        return self._complete(body, refusal)

    def _issue(self, body: dict[str, Any], root: str) -> dict[str, Any]:
        filename, length = body.get("filename"), str(body.get("length", ""))
        if not filename or not length.isdigit() or int(length) < 1:
            return {"ok": False, "error": "invalid_arguments"}
        with self._lock:
            n = next(self._ids)
            file_id, token = f"F{n:010d}", f"T{n:06d}u{n * 7919:08x}"
            self._pending[file_id] = _Pending(str(filename), int(length))
            self._by_token[token] = file_id
        return {"ok": True, "upload_url": f"{root}{UPLOAD_PATH}{token}", "file_id": file_id}

    def receive(self, token: str, content: bytes) -> tuple[int, str]:
        """A POST of the bytes to an upload URL: (HTTP status, body)."""
        with self._lock:
            file_id = self._by_token.pop(token, None)
            if file_id is None:
                return 404, "not_found"
            self._pending[file_id].content = content
        return 200, f"OK - {len(content)}"

    def _complete(self, body: dict[str, Any], refusal: str | None) -> dict[str, Any]:
        try:
            files = body["files"] if isinstance(body.get("files"), list) else json.loads(body.get("files") or "")
        except ValueError:
            return {"ok": False, "error": "invalid_arguments"}
        if not isinstance(files, list) or not files or not all(isinstance(f, dict) and f.get("id") for f in files):
            return {"ok": False, "error": "invalid_arguments"}
        if refusal:
            return {"ok": False, "error": refusal}
        with self._lock:
            pending = [self._pending.get(str(f["id"])) for f in files]
            if any(p is None or p.content is None for p in pending):
                return {"ok": False, "error": "file_not_found"}
            shared = []
            for entry, upload in zip(files, pending, strict=True):
                assert upload is not None
                assert upload.content is not None
                del self._pending[str(entry["id"])]
                shared.append(
                    UploadedFile(
                        id=str(entry["id"]),
                        filename=upload.filename,
                        title=str(entry.get("title") or upload.filename),
                        content=upload.content,
                        length=upload.length,
                        channel=body.get("channel_id") or None,
                        initial_comment=body.get("initial_comment") or None,
                        thread_ts=body.get("thread_ts") or None,
                    )
                )
            self._shared += shared
        return {"ok": True, "files": [{"id": f.id, "name": f.filename, "title": f.title} for f in shared]}
