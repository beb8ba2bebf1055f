"""CSV exports of change answers: the file is written on the asker's answer thread, uploaded by the delivery
workers (so one user's slow upload never holds anyone else's answer), and any refusal is told to the asker alone."""

from __future__ import annotations

import contextlib
import logging
import os
import tempfile
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond

from bot.answers.export import MAX_EXPORT_ROWS, MAX_FILE_BYTES, ExportPlan, file_name, write_csv
from bot.answers.service import NumbersService
from bot.container import Container
from bot.errors import UserError
from bot.i18n import _, in_language
from bot.i18n.translator import default_language
from bot.inventory.store_health import HistoryUnavailable
from bot.replies.export_views import NO_CHANNEL, export_comment, export_note, file_too_large, notice, upload_refused
from bot.replies.state import Action, PageState
from bot.replies.understood import with_note
from bot.replies.views import Message
from handlers.delivery import Delivery, FileUpload

log = logging.getLogger(__name__)

Tell = Callable[[str], None]  # a sentence (our own mrkdwn) for the asker alone


def with_export_note(message: Message, plan: ExportPlan | None) -> Message:
    """A change answer asked for as a file, with what happens to the file said under its header."""
    if plan is None:
        return message
    with in_language(plan.language or default_language()):
        return with_note(message, f":page_facing_up: {note(plan)}")


def note(plan: ExportPlan) -> str:
    """What happens to the export, in words."""
    return export_note(plan.rows, plan.description, MAX_EXPORT_ROWS)


def export(
    numbers: NumbersService,
    out: Delivery,
    plan: ExportPlan,
    *,
    channel: str | None,
    user: str | None,
    tell: Tell,
    thread_ts: str | None = None,
) -> None:
    """Write the plan's CSV to a temporary file and queue its upload to `channel`; call on an answer thread."""
    lang = plan.language or default_language()
    if plan.rows == 0 or plan.too_large:  # the answer already says why there is no file
        return
    with in_language(lang):
        if not channel or numbers.history is None:
            tell(_(NO_CHANNEL))
            return
        path = _written(numbers, plan, tell)
        if path is None:
            return
        rows, size = path[1], os.path.getsize(path[0])
        if size > MAX_FILE_BYTES:
            _remove(path[0])
            tell(file_too_large(size))
            return
        name = file_name(plan.question)
        assert plan.question.since is not None
        comment = export_comment(rows, plan.description, plan.question.since, plan.question.until)
        upload = FileUpload(path[0], name, name, comment, thread_ts)

    def failed(error: str) -> None:
        with in_language(lang):
            tell(upload_refused(error))

    log.info("exporting %d changes as CSV (%d bytes)", rows, size)
    out.upload_file(channel, user, upload, on_done=lambda _delivered: _remove(upload.path), on_failed=failed)


def _written(numbers: NumbersService, plan: ExportPlan, tell: Tell) -> tuple[str, int] | None:
    """The CSV file and its row count, or None after telling the asker why it could not be written."""
    assert numbers.history is not None
    handle, path = tempfile.mkstemp(prefix="numbers-export-", suffix=".csv")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as file:
            rows = write_csv(plan, numbers.history, numbers.region, file)
    except HistoryUnavailable as exc:
        _remove(path)
        tell(f":warning: {exc}")
        return None
    except OSError as exc:  # a full temporary disk: said, never a traceback
        _remove(path)
        log.warning("could not write the CSV export: %s", type(exc).__name__)
        tell(_("I could not write the CSV file here ({error}); please try again later.").format(error=exc.strerror))
        return None
    return path, rows


def _remove(path: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)


def make_export_action(deps: Container, out: Delivery) -> Callable[..., None]:
    """The listener for Export CSV: the change answer the button sits under, as a file in the channel."""

    def handle_export(ack: Ack, action: dict[str, Any], respond: Respond, context: BoltContext) -> None:
        ack()

        def tell(text: str) -> None:
            out.respond(respond.response_url, context.user_id, notice(text), response_type="ephemeral",
                        replace_original=False)  # fmt: skip

        def answer() -> None:
            try:
                state = PageState.from_value(action.get("value"))
            except UserError as exc:  # a tampered button: the same polite words as any other button
                tell(str(exc))
                return
            reply = deps.numbers.reply_to_page(state)
            if reply.export is None:  # history unavailable, no history kept: the reply says why
                out.respond(respond.response_url, context.user_id, reply.message, response_type="ephemeral",
                            replace_original=False)  # fmt: skip
                return
            with in_language(reply.export.language or default_language()):
                tell(note(reply.export))
            export(deps.numbers, out, reply.export, channel=context.channel_id, user=context.user_id, tell=tell)

        deps.answer_later(answer, context.user_id)

    return handle_export


def register(app: App, deps: Container, out: Delivery) -> None:
    """Register the Export CSV button."""
    app.action(Action.EXPORT.value)(make_export_action(deps, out))
