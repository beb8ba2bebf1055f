"""The watch-post outbox: stored before it is sent, claimed by one process at a time, retried and given up in time."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

from bot.i18n import Language, in_language
from bot.inventory.history import Watch
from bot.inventory.outbox import (
    DEAD,
    FIRST_BACKOFF,
    GIVE_UP_AFTER,
    LEASE,
    MAX_BACKOFF,
    PENDING,
    SENT,
    Attempt,
    ClaimedPost,
    OutboxStatus,
    Outcome,
    QueuedPost,
    after,
    backoff,
)
from bot.replies.watch_views import waiting_line, waiting_reason
from tests.conftest import OpenStore

START = datetime(2026, 12, 7, 3, 12, tzinfo=UTC)


class Clock:
    """A clock the test moves."""

    def __init__(self) -> None:
        self.at = START

    def __call__(self) -> datetime:
        return self.at


def post(channel: str = "C1", text: str = "hello") -> QueuedPost:
    return QueuedPost(channel, 1, f'{{"text": "{text}", "blocks": []}}')


def claimed(attempts: int = 0, created_at: datetime = START) -> ClaimedPost:
    return ClaimedPost(1, "C1", 1, "{}", attempts, created_at)


def test_backoff_doubles_from_two_seconds_and_stops_at_ten_minutes() -> None:
    assert [backoff(n).total_seconds() for n in range(5)] == [2, 4, 8, 16, 32]
    assert backoff(0) == FIRST_BACKOFF
    assert backoff(50) == MAX_BACKOFF


def test_a_rate_limited_post_waits_exactly_slacks_retry_after() -> None:
    step = after(Attempt(Outcome.RATE_LIMITED, "ratelimited", 30.0), claimed(attempts=3), START)
    assert (step.state, step.at, step.error) == (PENDING, START + timedelta(seconds=30), "ratelimited")


def test_a_server_error_is_tried_again_after_a_growing_backoff() -> None:
    first = after(Attempt(Outcome.FAILED, "http_500"), claimed(attempts=0), START)
    third = after(Attempt(Outcome.FAILED, "http_500"), claimed(attempts=2), START)
    assert (first.state, first.at) == (PENDING, START + timedelta(seconds=2))
    assert third.at == START + timedelta(seconds=8)


def test_a_refusal_for_good_and_a_message_slack_cannot_take_are_dead_at_once() -> None:
    assert after(Attempt(Outcome.REFUSED, "not_in_channel"), claimed(), START).state == DEAD
    assert after(Attempt(Outcome.UNSENDABLE, "msg_too_long"), claimed(), START).state == DEAD
    assert after(Attempt(Outcome.SENT), claimed(), START).state == SENT


def test_a_post_slack_keeps_failing_is_given_up_after_a_day_and_says_why() -> None:
    step = after(Attempt(Outcome.FAILED, "http_503"), claimed(attempts=40), START + GIVE_UP_AFTER)
    assert step.state == DEAD
    assert step.error == "gave up after 24 h: http_503"


def test_a_stored_post_is_claimed_once_and_not_again_while_its_claim_holds(open_store: OpenStore) -> None:
    clock = Clock()
    store = open_store(now=clock)
    store.enqueue_posts([post()])
    (first,) = store.claim_posts("a")
    assert store.claim_posts("b") == [], "another process does not take a post being sent"
    clock.at += LEASE + timedelta(seconds=1)
    (again,) = store.claim_posts("b")
    assert again.id == first.id, "a claim that ran out (the process died) is taken by another"


def test_a_sent_post_is_never_claimed_again_even_by_the_process_that_lost_its_claim(open_store: OpenStore) -> None:
    clock = Clock()
    store = open_store(now=clock)
    store.enqueue_posts([post()])
    (mine,) = store.claim_posts("a")
    store.settle_post(mine, "a", after(Attempt(Outcome.SENT), mine, clock()))
    clock.at += LEASE * 2
    assert store.claim_posts("b") == []
    status = store.outbox_status()
    assert (status.pending, status.dead) == (0, 0)


def test_a_late_answer_to_a_claim_another_process_took_over_changes_nothing(open_store: OpenStore) -> None:
    clock = Clock()
    store = open_store(now=clock)
    store.enqueue_posts([post()])
    (stale,) = store.claim_posts("a")
    clock.at += LEASE + timedelta(seconds=1)
    (taken,) = store.claim_posts("b")
    store.settle_post(stale, "a", after(Attempt(Outcome.FAILED, "http_500"), stale, clock()))
    store.settle_post(taken, "b", after(Attempt(Outcome.SENT), taken, clock()))
    assert store.outbox_status().pending == 0


def test_a_rate_limited_post_waits_its_retry_after_and_holds_back_later_posts_to_its_channel(
    open_store: OpenStore,
) -> None:
    clock = Clock()
    store = open_store(now=clock)
    store.enqueue_posts([post("C1", "first"), post("C2", "other")])
    first, other = store.claim_posts("a")
    store.settle_post(first, "a", after(Attempt(Outcome.RATE_LIMITED, "ratelimited", 30.0), first, clock()))
    store.settle_post(other, "a", after(Attempt(Outcome.SENT), other, clock()))
    store.enqueue_posts([post("C1", "second"), post("C3", "elsewhere")])
    (elsewhere,) = store.claim_posts("a")
    assert elsewhere.channel == "C3", "C1's second post waits behind its first: order kept"
    store.settle_post(elsewhere, "a", after(Attempt(Outcome.SENT), elsewhere, clock()))
    assert store.next_post_due() == START + timedelta(seconds=30)
    clock.at += timedelta(seconds=30)
    again = store.claim_posts("a")
    assert [p.body for p in again] == [first.body, post("C1", "second").body]
    assert again[0].attempts == 1


def test_the_status_counts_pending_and_dead_posts_their_age_and_the_last_error(open_store: OpenStore) -> None:
    clock = Clock()
    store = open_store(now=clock)
    store.enqueue_posts([post("C1"), post("C1"), post("C2")])
    one, two, three = store.claim_posts("a")
    store.settle_post(one, "a", after(Attempt(Outcome.RATE_LIMITED, "ratelimited", 60.0), one, clock()))
    store.settle_post(three, "a", after(Attempt(Outcome.REFUSED, "not_in_channel"), three, clock()))
    assert store.release_claims("a") == 1, "the unsent post is left pending, free for the next start"
    everywhere = store.outbox_status()
    assert (everywhere.pending, everywhere.dead, everywhere.oldest_pending) == (2, 1, START)
    assert everywhere.last_error == "ratelimited"
    clock.at += timedelta(minutes=3)
    assert everywhere.as_json(clock())["oldest_pending_age_seconds"] == 180.0
    assert store.outbox_status("C2").pending == 0
    assert store.outbox_status("C2").dead == 1
    assert two.channel == "C1"


def test_two_processes_claiming_at_once_each_get_different_posts(open_store: OpenStore) -> None:
    store = open_store()
    other = open_store()
    store.enqueue_posts([post(f"C{i}") for i in range(40)])
    with ThreadPoolExecutor(2) as pool:
        mine, theirs = pool.map(lambda pair: pair[0].claim_posts(pair[1]), [(store, "a"), (other, "b")])
    ids = [p.id for p in mine] + [p.id for p in theirs]
    assert len(ids) == 40
    assert len(set(ids)) == 40, "no post claimed twice"


def test_the_watch_list_says_how_many_posts_wait_since_when_and_why_in_english_and_dutch() -> None:
    waiting = OutboxStatus(pending=2, oldest_pending=START, dead=1, last_error="ratelimited")
    line = waiting_line(waiting)
    assert line is not None
    assert "2 posts waiting to be sent since <!date^" in line
    assert "03:12 UTC>: Slack rate-limited" in line
    assert "1 post could not be delivered and was given up" in line
    with in_language(Language.NL):
        dutch = waiting_line(waiting)
    assert dutch is not None
    assert "2 berichten wachten sinds" in dutch
    assert "Slack remt het tempo af" in dutch
    assert waiting_line(OutboxStatus()) is None, "nothing is said when every post went"


def test_why_posts_wait_is_said_from_slacks_last_answer() -> None:
    assert waiting_reason(None) == "not sent yet"
    assert waiting_reason("http_500") == "Slack answered an error (`http_500`)"
    assert waiting_reason("internal_error") == "Slack answered an error (`internal_error`)"
    assert waiting_reason("ConnectionRefusedError") == "Slack could not be reached (`ConnectionRefusedError`)"


def test_an_unwatched_watchs_posts_not_yet_sent_are_not_sent(open_store: OpenStore) -> None:
    clock = Clock()
    store = open_store(now=clock)
    watch = store.add_watch(Watch(0, "C1", "linked", None, "U1", START))
    other = store.add_watch(Watch(0, "C1", "free", None, "U1", START))
    store.enqueue_posts([QueuedPost("C1", watch.id, "{}"), QueuedPost("C1", other.id, "{}")])
    assert store.remove_watch("C1", watch.id)
    (left,) = store.claim_posts("a")
    assert left.watch_id == other.id
