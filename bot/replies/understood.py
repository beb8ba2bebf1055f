"""What the reader understood, said back: corrections and ignored words, and questions it could not read."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    MarkdownTextObject,
    SectionBlock,
)

from bot.flireo.models import PhoneNumber
from bot.i18n import _, language, number
from bot.i18n.words import either
from bot.reading.question import Kind, Question
from bot.reading.reader import MAX_NUMBER_CHARS, MAX_QUESTION_CHARS
from bot.reading.vocabulary import PHRASE_LANGUAGES
from bot.replies.mrkdwn import flireo_text
from bot.replies.state import Action, BlockId, PageState
from bot.replies.typed import in_reply_language, keywords_in_reply_language, typed_in_reply_language
from bot.replies.views import (
    MAX_BLOCKS,
    Message,
    help_examples,
    message_of,
    number_line,
    readable_number,
    said_numbers,
    sections,
)

MAX_WORD_CHARS = 30
# The other question of two in one, said back whole ("vrije mobiele nummers in Utrecht" is 32): a line, not a word.
MAX_ASKED_CHARS = 200
# The other question of two in one is answered under the first, briefly: a page's worth (PAGE_SIZE's default).
ALSO_SHOWN = 10
# Slack: a context block holds at most 10 elements; one line of text is enough here.
MAX_NOTE_CHARS = 2000


def understood_note(question: Question) -> str | None:
    """'read _amsterdm_ as *amsterdam* · ignored: _xyz_', or None when everything was read as typed."""
    parts = [
        _("read _{typed}_ as *{read}*").format(typed=inert(typed), read=inert(_said_as(to, question)))
        for typed, to in question.corrections
    ]
    if question.ignored:
        words = ", ".join(f"_{inert(word)}_" for word in question.ignored)
        parts.append(_("ignored: {words}").format(words=words))
    if question.unread_chars:
        limit = MAX_NUMBER_CHARS if question.kind is Kind.LOOKUP else MAX_QUESTION_CHARS
        parts.append(unread_note(limit, question.unread_chars))
    if question.also_asked:  # two questions in one: the other is answered below (with_also_listed), never unsaid
        # Once answered it is the listing's description, already in the reply's language: names are kept as they
        # are ("Cadier en Keer" had become "Cadier a Keer" word by word).
        typed = question.also_asked if question.also_found is not None else typed_in_reply_language(question.also_asked)
        asked = flireo_text(typed, MAX_ASKED_CHARS)
        if question.also_asked == Kind.HELP.value:  # "free in ede then help"
            also = _("also asked for help: type `help` on its own for examples")
        elif question.also_found is None:
            also = _("also asked: *{question}*; ask it on its own to list them")
        elif question.also_found <= ALSO_SHOWN:
            also = _("also asked: *{question}*: {count} found, listed below")
        else:
            also = _("also asked: *{question}*: {count} found, the first {shown} below; ask it on its own for all")
        parts.append(also.format(question=asked, count=number(question.also_found or 0), shown=ALSO_SHOWN))
    if question.left_out_lookups:
        total = len(question.lookups) + question.left_out_lookups
        looked = _("looked up the first {count} of {total} numbers; ask again for the rest")
        parts.append(looked.format(count=number(len(question.lookups)), total=number(total)))
    return " · ".join(parts)[:MAX_NOTE_CHARS] if parts else None


def with_understood_note(message: Message, question: Question) -> Message:
    """The message with a context line under its header saying what was corrected, ignored or left unread."""
    note = understood_note(question)
    return message if note is None else with_note(message, note)


def with_note(message: Message, note: str) -> Message:
    """The message with `note` (our own mrkdwn) in a context line under its header, and in its fallback."""
    block = ContextBlock(block_id=BlockId.UNDERSTOOD.value, elements=[MarkdownTextObject(text=note)]).to_dict()
    blocks = list(message.blocks)
    at = next((i + 1 for i, b in enumerate(blocks) if b.get("block_id") == BlockId.HEADER.value), 0)
    blocks.insert(at, block)
    return replace(message, blocks=blocks, text=f"{message.text} ({_plain(note)})"[:3000])


def with_also_listed(message: Message, description: str, numbers: Sequence[PhoneNumber]) -> Message:
    """The message with the other question of two in one answered under it: its title, count and first numbers."""
    shown = numbers[:ALSO_SHOWN]
    asked = flireo_text(description, MAX_ASKED_CHARS)
    title = _("*{question}*: {count} found").format(question=asked, count=number(len(numbers)))
    lines = [title, *(number_line(n) for n in shown)]
    added = [DividerBlock().to_dict()] + [
        {**block.to_dict(), "block_id": f"{BlockId.ALSO.value}-{i}"} for i, block in enumerate(sections(lines))
    ]
    blocks = list(message.blocks)
    # Above the footer (freshness, page) and the buttons: they close the whole message.
    footer = [i for i, block in enumerate(blocks) if block.get("block_id") == BlockId.CONTEXT.value]
    at = footer[-1] if footer else len(blocks)
    if len(blocks) + len(added) > MAX_BLOCKS:
        return message  # the note above still says how many it found
    blocks[at:at] = added
    spoken = said_numbers([readable_number(n.phone_number) for n in shown])
    return replace(message, blocks=blocks, text=f"{message.text} · {_plain(title)}: {spoken}"[:3000])


def unread_note(read: int, unread: int) -> str:
    """'read only the first 4,000 characters (1,210 more were not read)'."""
    return _("read only the first {read} characters ({unread} more were not read)").format(
        read=number(read), unread=number(unread)
    )


def inert(word: str) -> str:
    """A word the user typed, shown in a note: clipped, and unable to format or mention anything."""
    return flireo_text(word, MAX_WORD_CHARS)


def _plain(note: str) -> str:
    return note.replace("*", "").replace("_", "")


def render_clarify(question: Question, public: bool = False) -> Message:
    """A question the bot could not read: what it could not place, a button per likely meaning, and examples."""
    problem = question.problem or _("I couldn't read that question.")
    blocks: list[Block] = [SectionBlock(block_id=BlockId.RESULTS.value, text=MarkdownTextObject(text=problem))]
    if question.suggestions:
        labels = [in_reply_language(suggestion.label) for suggestion in question.suggestions]
        buttons = [
            ButtonElement(
                text=label[:75],
                action_id=f"{Action.SUGGEST.value}-{i}",
                value=PageState(query=suggestion.question, public=public, language=language()).to_value(),
            )
            for i, (suggestion, label) in enumerate(zip(question.suggestions, labels, strict=True))
        ]
        # The words too, not only buttons: the console and `ask` show text.
        words = either([f"*{inert(label)}*" for label in labels])
        blocks.append(SectionBlock(text=MarkdownTextObject(text=_("Did you mean {words}?").format(words=words))))
        blocks.append(ActionsBlock(block_id=BlockId.SUGGESTIONS.value, elements=buttons))
    examples = " · ".join(f"`{example}`" for example, _meaning in help_examples()[:4])
    hint = _("Try {examples}. Type `/numbers help` for examples.").format(examples=examples)
    blocks.append(ContextBlock(block_id=BlockId.CONTEXT.value, elements=[MarkdownTextObject(text=hint)]))
    if question.unread_chars:  # a long text that could not be read: say that only its start was
        note = unread_note(MAX_QUESTION_CHARS, question.unread_chars)
        blocks.insert(1, ContextBlock(block_id=BlockId.UNDERSTOOD.value, elements=[MarkdownTextObject(text=note)]))
    did_you_mean = ", ".join(in_reply_language(s.label) for s in question.suggestions)
    fallback = _plain(problem) + (" " + _("Did you mean: {words}?").format(words=did_you_mean) if did_you_mean else "")
    return message_of(fallback, blocks)


def _said_as(read: str, question: Question) -> str:
    """What a typed word was read as: a keyword of the language the question was asked in as it is (`vrj` read as
    *vrij*, even in an English reply), one of the other language in the reply's (`mob` read as *mobiel*)."""
    asked = question.language.value if question.language is not None else None
    if asked is not None and all(PHRASE_LANGUAGES.get(word, asked) in (asked, "both") for word in read.split()):
        return read
    return keywords_in_reply_language(read)
