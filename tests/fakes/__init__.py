"""Test-only loopback fakes of Flireo and Slack, and Slack request signing helpers."""

from tests.fakes.flireo import FlireoFake, FlireoRequest, make_numbers, make_shared_numbers
from tests.fakes.slack import ApiCall, ResponsePost, SlackFake

__all__ = [
    "ApiCall",
    "FlireoFake",
    "FlireoRequest",
    "ResponsePost",
    "SlackFake",
    "make_numbers",
    "make_shared_numbers",
]
