"""Lies a misbehaving Flireo tells, as replies for `FlireoFake.tamper`: trickles, oversized bodies, gzip bombs (#10)."""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterator
from typing import Any

from tests.fakes._server import Reply
from tests.fakes.flireo import make_numbers


def trickled(body: dict[str, Any], seconds_per_byte: float) -> Reply:
    """A slow-loris answer: headers at once, then the JSON body one byte every `seconds_per_byte`."""
    raw = json.dumps(body).encode()
    headers = {"Content-Type": "application/json", "Content-Length": str(len(raw))}
    return Reply(200, headers=headers, chunks=(raw[i : i + 1] for i in range(len(raw))), chunk_delay=seconds_per_byte)


def _interim_forever() -> Iterator[bytes]:
    """`102 Processing` interim answers, one after another, a byte at a time, never a final answer."""
    interim = b"HTTP/1.1 102 Processing\r\n\r\n"
    while True:
        for i in range(len(interim)):
            yield interim[i : i + 1]


def headers_trickled(seconds_per_byte: float = 1.0) -> Reply:
    """A server that never gets to its answer: endless `102 Processing`, one byte every `seconds_per_byte`."""
    return Reply(raw=_interim_forever(), chunk_delay=seconds_per_byte)


def _huge_listing(megabytes: int) -> Iterator[bytes]:
    """A valid-looking listing of about `megabytes` MB, produced as it is sent."""
    record = json.dumps(make_numbers(1)[0]).encode() + b","
    per_mb = (1 << 20) // len(record) + 1
    yield b'{"meta": {"total": 250}, "data": ['
    for _ in range(megabytes):
        yield record * per_mb
    yield record[:-1] + b"]}"


def oversized(megabytes: int, *, declared: bool) -> Reply:
    """About `megabytes` MB of JSON records; with `declared`, a Content-Length that says so up front."""
    headers = {"Content-Type": "application/json"}
    if declared:
        headers["Content-Length"] = str(sum(len(chunk) for chunk in _huge_listing(megabytes)))
    return Reply(200, headers=headers, chunks=_huge_listing(megabytes))


def _bomb(gigabytes: int) -> Iterator[bytes]:
    """A gzip stream that inflates to `gigabytes` GiB of JSON whitespace, compressed as it is sent (~1 MB a GiB)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    yield packer.compress(b'{"data": [')
    blank = b" " * (1 << 20)
    for _ in range(gigabytes * 1024):
        if chunk := packer.compress(blank):
            yield chunk
    yield packer.compress(b'], "meta": {"total": 0}}') + packer.flush()


def gzip_bomb(gigabytes: int = 1) -> Reply:
    """A small gzip body that decodes to `gigabytes` GiB (what a broken proxy or an attacker might send)."""
    headers = {"Content-Type": "application/json", "Content-Encoding": "gzip"}
    return Reply(200, headers=headers, chunks=_bomb(gigabytes))
