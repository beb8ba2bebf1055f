"""What the user reads about a CSV export: the button, that it is on its way, its comment, and why it could not go."""

from __future__ import annotations

from datetime import UTC, datetime

from slack_sdk.models.blocks import ButtonElement, MarkdownTextObject, SectionBlock

from bot.i18n import N_, _, ngettext, number, pgettext
from bot.reading.question import MAX_CANONICAL_CHARS
from bot.reading.when import EXPORT_WORD
from bot.replies.mrkdwn import flireo_text
from bot.replies.state import Action, BlockId, PageState
from bot.replies.views import Message, message_of

# Why Slack refused an upload, in words that say what to do (Slack's files.getUploadURLExternal and
# files.completeUploadExternal references list these errors).
REFUSALS = {
    "missing_scope": N_(
        "I can't upload files here: the app lacks the `files:write` scope. Add it in the app's OAuth settings "
        "(OAuth & Permissions → Bot Token Scopes), reinstall the app, and ask again."
    ),
    "not_in_channel": N_(
        "I can't upload the CSV file to this channel: I'm not a member of it. Invite me (`/invite @numbers`) and "
        "ask again."
    ),
    "channel_not_found": N_(
        "I can't upload the CSV file here: Slack does not let me see this channel. Invite me (`/invite @numbers`), "
        "or ask in a channel I'm in."
    ),
}
UPLOAD_FAILED = N_("The CSV file could not be uploaded (Slack answered: {error}). Please try again.")
NO_CHANNEL = N_("A CSV export is posted as a file in a Slack channel: ask for it in that channel.")


def export_button(state: PageState) -> ButtonElement | None:
    """'Export CSV': the same question, asked for as a file; None when the question is too long to carry it."""
    query = f"{state.query} {EXPORT_WORD}"
    if len(query) > MAX_CANONICAL_CHARS:
        return None
    value = state.model_copy(update={"query": query, "offset": 0}).to_value()
    return ButtonElement(text=pgettext("button", "Export CSV"), action_id=Action.EXPORT.value, value=value)


def export_note(rows: int, description: str, most: int) -> str:
    """What happens to an export of `rows` changes: on its way, nothing to put in it, or more than `most` a file."""
    if rows == 0:
        return _("Nothing to export: no changes to {description} in this period.").format(
            description=flireo_text(description, 1000)
        )
    if rows > most:
        return _(
            "{count} changes are more than I put in one file ({most}): ask for a shorter period or add filters."
        ).format(count=number(rows), most=number(most))
    return ngettext(
        "Exporting {count} change as a CSV file: it will appear in this channel.",
        "Exporting {count} changes as a CSV file: it will appear in this channel.",
        rows,
    ).format(count=number(rows))


def export_comment(rows: int, description: str, since: datetime, until: datetime | None) -> str:
    """The file's comment in the channel: what it holds, for which period (UTC, as in the file)."""
    until = until or datetime.now(UTC)
    return ngettext(
        "CSV export: {count} change to {description} from {start} to {end} (UTC).",
        "CSV export: {count} changes to {description} from {start} to {end} (UTC).",
        rows,
    ).format(
        count=number(rows),
        description=flireo_text(description, 1000),
        start=_utc_minute(since),
        end=_utc_minute(until),
    )


def file_too_large(size: int) -> str:
    """The file came out larger than Slack takes."""
    text = _("The CSV file would be {size} MB, more than Slack takes (1 GB): ask for a shorter period or add filters.")
    return text.format(size=number(size // 1024**2))


def upload_refused(error: str) -> str:
    """Why the file did not reach the channel, in plain words."""
    if error in REFUSALS:
        return _(REFUSALS[error])
    return _(UPLOAD_FAILED).format(error=flireo_text(error, 80))


def notice(text: str) -> Message:
    """A one-paragraph message (our own mrkdwn) for the asker alone."""
    return message_of(text, [SectionBlock(block_id=BlockId.RESULTS.value, text=MarkdownTextObject(text=text))])


def _utc_minute(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M")
