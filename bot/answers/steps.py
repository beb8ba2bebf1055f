"""Workflow Builder steps (SPEC §6): a step's inputs in, its outputs out.

Answered from the same snapshot, reader and Flireo budget as every other surface (the NumbersService's cache and
reader); the outputs are the names and types `manifest.yml` declares under `functions`. No Slack imports: the
handler passes Slack's `inputs` and completes the step with what comes back, or fails it with a StepError's words.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from bot.answers.search import MAX_MESSAGE_CHARS, answer, numbers_in_text
from bot.answers.service import NumbersService, known_numbers, names_of
from bot.errors import NumbersError
from bot.flireo.models import PhoneNumber
from bot.i18n import N_, _, language
from bot.inventory.snapshot import Snapshot
from bot.reading.question import Kind, Question, Status
from bot.reading.reader import read
from bot.reading.when import canonical_period, read_change_question
from bot.replies.as_text import message_text
from bot.replies.extra_views import render_found_in_text
from bot.replies.mrkdwn import plain_text
from bot.replies.state import PageState
from bot.replies.understood import unread_note, with_note, with_understood_note
from bot.replies.views import Message, render_listing
from bot.results.listing import Listing

log = logging.getLogger(__name__)

# Our limits for what a workflow hands us (Slack documents none for a string input): enough for any alert.
MAX_TEXT_CHARS = MAX_MESSAGE_CHARS
MAX_WORDS_CHARS = 200
# A workflow message carries the summary: Slack recommends at most 4,000 characters of text (chat.postMessage docs).
MAX_SUMMARY_CHARS = 4000
MAX_FREE_NUMBERS = 50
# A workflow author reads these in Workflow Builder's activity, in DEFAULT_LANGUAGE (a step asks no question).
UNEXPECTED = N_("Something went wrong on our side while running this step; it has been logged. Run the workflow again.")
NO_NUMBER = N_(
    "I found no phone number in the text this step was given. Map a form answer or a message that contains one "
    "(e.g. +31 20 123 4567 or 020 123 4567) to its Text input."
)
# Slack ids in inputs: a user is U… or W…, a channel C…, G… or D… (Slack's id formats).
_USER_ID = re.compile(r"[UW][A-Z0-9]{2,30}")
_CHANNEL_ID = re.compile(r"[CGD][A-Z0-9]{2,30}")
# Slack reads `<!channel>`, `<@U…>` and `<#C…>` in message text as mentions: a name from Flireo carried by an output
# into a later "send a message" step must not become one, so their `<` becomes a look-alike.
_MENTION_OPENER = re.compile(r"<(?=[!@#])")
MAX_NAME_CHARS = 100
# Our bound for an error sentence (functions.completeError documents none): a few lines in the workflow's activity.
MAX_ERROR_CHARS = 1000

Outputs = dict[str, str | int | bool]


class Step(StrEnum):
    """The steps' callback ids, as `manifest.yml` declares them under `functions`."""

    LOOK_UP = "look_up_number"
    FREE_NUMBERS = "find_free_numbers"
    WHAT_CHANGED = "what_changed"


class StepInput(StrEnum):
    """Input parameter names (manifest.yml)."""

    TEXT = "text"
    NUMBER_TYPE = "number_type"
    PLACE = "place"
    HOW_MANY = "how_many"
    PERIOD = "how_far_back"
    USER = "user_id"  # optional on every step: the person the allowlist and per-user limit apply to
    CHANNEL = "channel_id"  # optional on every step: the channel the channel allowlist applies to


class LookupStatus(StrEnum):
    """The `status` output of "Look up a phone number"."""

    LINKED = "linked"
    AVAILABLE = "available"
    SHARED = "shared"
    NOT_AVAILABLE = "not available"  # on the account, but neither free nor answered by an assistant
    NOT_ON_ACCOUNT = "not on the account"
    NOT_READ_YET = "not read yet"  # a first read of a large account is under way: it may still be on it


class StepError(Exception):
    """A step that cannot answer: the sentence a workflow author reads in Workflow Builder's activity."""

    def __str__(self) -> str:
        return inert(super().__str__(), MAX_ERROR_CHARS)


def step_user(inputs: Mapping[str, Any]) -> str | None:
    """The Slack user a step runs for, when the workflow maps one to `user_id` and it is a user id."""
    value = inputs.get(StepInput.USER)
    return value if isinstance(value, str) and _USER_ID.fullmatch(value) else None


def step_channel(inputs: Mapping[str, Any]) -> str | None:
    """The channel a step runs for, when the workflow maps one to `channel_id` and it is a channel id."""
    value = inputs.get(StepInput.CHANNEL)
    return value if isinstance(value, str) and _CHANNEL_ID.fullmatch(value) else None


class WorkflowSteps:
    """Runs the three steps against the NumbersService's cache and reader."""

    def __init__(self, numbers: NumbersService) -> None:
        self.numbers = numbers
        self._steps: dict[Step, Callable[[Mapping[str, Any]], Outputs]] = {
            Step.LOOK_UP: self.look_up,
            Step.FREE_NUMBERS: self.free_numbers,
            Step.WHAT_CHANGED: self.what_changed,
        }

    def run(self, step: Step, inputs: Mapping[str, Any]) -> Outputs:
        """The step's outputs; raises StepError with words for the workflow author when it cannot answer."""
        try:
            return self._steps[step](inputs)
        except StepError:
            raise
        except NumbersError as exc:  # Flireo down with no data, a bad key: our typed errors carry the sentence
            raise StepError(str(exc)) from exc
        except Exception as exc:
            log.error("unexpected error in the %s step", step.value, exc_info=exc)
            raise StepError(_(UNEXPECTED)) from exc

    def look_up(self, inputs: Mapping[str, Any]) -> Outputs:
        """The first phone number in the text: whether it is on the account, its status and who answers it."""
        text = _text(inputs, StepInput.TEXT, MAX_TEXT_CHARS, required=True)
        snapshot, _outcome = self.numbers.cache.get()
        found = numbers_in_text(text, snapshot.index, self.numbers.region)
        if not found:
            raise StepError(_(NO_NUMBER))
        e164, matches = found[0]
        message = render_found_in_text(found, snapshot)
        if len(text) > MAX_MESSAGE_CHARS:
            message = with_note(message, unread_note(MAX_MESSAGE_CHARS, len(text) - MAX_MESSAGE_CHARS))
        number = _preferred(matches)
        return {
            "found": number is not None,
            "status": lookup_status(number, snapshot),
            "assistant": inert(_assistant(number), MAX_NAME_CHARS),
            "number_type": inert((number.number_type or "") if number else "", MAX_NAME_CHARS),
            "locality": inert((number.locality or "") if number else "", MAX_NAME_CHARS),
            "number": e164,
            "data_as_of": _timestamp(snapshot.fetched_at),
            "summary": summary_text(message),
        }

    def free_numbers(self, inputs: Mapping[str, Any]) -> Outputs:
        """Up to `how_many` available numbers of a type and place, one a line, read as `/numbers available …`."""
        number_type = _text(inputs, StepInput.NUMBER_TYPE, MAX_WORDS_CHARS)
        place = _text(inputs, StepInput.PLACE, MAX_WORDS_CHARS)
        how_many = _how_many(inputs.get(StepInput.HOW_MANY))
        asked = " ".join(part for part in ("available", number_type, place) if part)
        snapshot, _outcome = self.numbers.cache.get()
        question, listing = self._free_listing(asked, snapshot)
        picked = listing.numbers[:how_many]
        # The listing's first page, `how_many` long: the same header, lines and freshness as `/numbers available …`.
        message = render_listing(listing, snapshot, PageState(query=asked), page_size=how_many)
        summary = _without_page_line(summary_text(with_understood_note(message, question)))  # no pages to turn here
        return {
            "numbers": "\n".join(number.phone_number for number in picked),
            "count": len(picked),
            "summary": summary,
        }

    def _free_listing(self, asked: str, snapshot: Snapshot) -> tuple[Question, Listing]:
        index, region = snapshot.index, self.numbers.region
        question = read(asked, names_of(index), region, known_numbers(index), tz=self.numbers.tz)
        if question.kind is Kind.CLARIFY:
            problem = question.problem or _("try a type and a place I know")
            raise StepError(_("I couldn't read {asked}: {problem}").format(asked=repr(asked), problem=problem))
        unread = [*question.ignored]
        if unread or question.kind is not Kind.LIST or question.status is not Status.AVAILABLE:
            words = ", ".join(repr(word) for word in unread) or repr(asked)
            raise StepError(
                _(
                    "I couldn't read {words} as a number type or place. Types: local, national, mobile; places: a "
                    "city or an area code, e.g. Amsterdam or 020."
                ).format(words=words)
            )
        result = answer(question, snapshot, region)
        assert isinstance(result, Listing)  # a LIST question is always answered with a listing
        return question, result

    def what_changed(self, inputs: Mapping[str, Any]) -> Outputs:
        """What changed in a period ("1h", "since 14:00", "sinds gisteren"), as `/numbers changes …` answers it."""
        period = _text(inputs, StepInput.PERIOD, MAX_WORDS_CHARS)
        canonical = self._period(period)
        reply = self.numbers.reply(f"changes {canonical}", lang=language())  # not English for its keyword
        if not reply.ok:
            raise StepError(reply.message.text)
        return {"count": reply.count or 0, "summary": summary_text(reply.message)}

    def _period(self, period: str) -> str:
        """The period in the words the reader reads back exactly; a bare "1h" is read as "last 1h"."""
        now = datetime.now(self.numbers.tz)
        for words in (f"changes {period}", f"changes last {period}"):
            asked = read_change_question(words, now, self.numbers.tz)
            if asked is not None and not asked.rest and (len(asked.consumed) > 1 or not period):
                return canonical_period(asked.since, asked.until)
        raise StepError(
            _(
                "I couldn't read {period} as how far back to look. Try `1h`, `30 min`, `since 14:00`, `yesterday`, "
                "`sinds gisteren` or `afgelopen uur`."
            ).format(period=repr(period))
        )


def lookup_status(number: PhoneNumber | None, snapshot: Snapshot) -> LookupStatus:
    """The `status` output for the first number found (None: not on the account, or not read yet)."""
    if number is None:
        return LookupStatus.NOT_READ_YET if snapshot.partial is not None else LookupStatus.NOT_ON_ACCOUNT
    if number.shared:
        return LookupStatus.SHARED
    if number.linked_assistant is not None:
        return LookupStatus.LINKED
    return LookupStatus.AVAILABLE if number.available else LookupStatus.NOT_AVAILABLE


def _without_page_line(summary: str) -> str:
    """A listing's summary without its "Page 1 of 3 · " line start (in the reply's language): no pages to turn."""
    page_of = re.escape(_("Page {page} of {pages}")).replace(r"\{page\}", r"\d+").replace(r"\{pages\}", r"\d+")
    return re.sub(rf"(?m)^{page_of} · ", "", summary)


def summary_text(message: Message) -> str:
    """A reply as plain text for a later workflow step: the lines the console shows, without its underlines."""
    lines = [line for line in message_text(message, with_keys=False).split("\n") if line.strip("─ ")]
    text = _MENTION_OPENER.sub("‹", "\n".join(lines))
    return text if len(text) <= MAX_SUMMARY_CHARS else text[: MAX_SUMMARY_CHARS - 1] + "…"


def inert(text: str, limit: int) -> str:
    """Text from Flireo for an output: one line, no emoji codes or mentions, at most `limit` characters."""
    return _MENTION_OPENER.sub("‹", plain_text(text, limit)) if text else ""


def _preferred(matches: tuple[PhoneNumber, ...]) -> PhoneNumber | None:
    """The account's own number before a shared one with the same digits."""
    return next((n for n in matches if not n.shared), matches[0] if matches else None)


def _assistant(number: PhoneNumber | None) -> str:
    if number is None or number.shared or number.linked_assistant is None:
        return ""
    return number.linked_assistant.name or _("an unnamed assistant")


def _timestamp(moment: datetime) -> int:
    """slack#/types/timestamp: a Unix time in seconds (Slack's type reference)."""
    return int(moment.astimezone(UTC).timestamp())


def _text(inputs: Mapping[str, Any], name: StepInput, limit: int, *, required: bool = False) -> str:
    value = inputs.get(name)
    if value is None or value == "":
        if required:
            needs = _("This step needs its {name} input: map a form answer or a message to it.")
            raise StepError(needs.format(name=f"`{name.value}`"))
        return ""
    if not isinstance(value, str):
        raise StepError(_("The {name} input must be text.").format(name=f"`{name.value}`"))
    return value[:limit].strip()


def _how_many(value: Any) -> int:
    """`how_many`: 1 when not given; a whole number from 1, at most MAX_FREE_NUMBERS."""
    if value is None or value == "":
        return 1
    try:
        count = int(value) if not isinstance(value, bool) else -1
    except (TypeError, ValueError):
        count = -1
    if isinstance(value, float) and value != count:
        count = -1
    if count < 1:
        wrong = _("'How many' must be a whole number from 1 to {most}; it was {value}.")
        raise StepError(wrong.format(most=MAX_FREE_NUMBERS, value=repr(str(value)[:20])))
    return min(count, MAX_FREE_NUMBERS)
