"""Watch posts read like an audit log, through the real `app.py`: the changes counted by kind, the reading's
interval said once above its changes (before: repeated on every line)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from tests.e2e.helpers import shown_numbers
from tests.e2e.test_history import (
    POLLING,
    WATCH_CHANNEL,
    answer,
    eventually,
    make_changes,
    readings_seen,
    wait_for_post,
)
from tests.fakes.flireo import FlireoFake, make_numbers, make_shared_numbers
from tests.fakes.slack import SlackFake


@pytest.fixture
def flireo() -> Iterator[FlireoFake]:
    """A small account (one page), so the poller can read it every second within budget."""
    with FlireoFake(make_numbers(40), shared=make_shared_numbers(2)) as fake:
        yield fake


def test_a_watch_post_counts_the_changes_by_kind_and_dates_their_reading_once(
    start_app, slack: SlackFake, flireo: FlireoFake
) -> None:
    app = start_app(POLLING)
    eventually(lambda: readings_seen(flireo) >= 1, what="the first reading")
    answer(app, slack, "watch", channel=WATCH_CHANNEL)
    changed = make_changes(flireo)
    (post,) = wait_for_post(slack, WATCH_CHANNEL, 1)
    assert sorted(shown_numbers(post.body)) == sorted(changed)
    lines = post.body["blocks"][0]["text"]["text"].splitlines()
    assert lines[1] == "1 added, 1 removed, 1 unlinked, 1 relinked", lines
    dated = [line for line in lines if re.search(r"<!date\^", line)]
    assert len(dated) == 1, "one reading, one interval line"
    assert re.match(r"^\*(Between|At) <!date\^", dated[0]), dated
