"""The reader on the kinds a fresh check through `app.py ask` and the tenth blind set found wrong, over names and
words of our own: names typed as they sound (`farmacy`, `nite`), and names run together with a slip in them."""

from __future__ import annotations

import pytest

from bot.i18n import Language, in_language
from bot.reading.names import Names, build_names
from bot.reading.question import Kind, Question, Status
from bot.reading.reader import read
from bot.reading.sounds import sound_of
from bot.replies.understood import understood_note

LOCALITIES = ["Kampen", "Zwolle", "Den Helder"]
ASSISTANTS = ["Physio Centre", "Late Night Desk", "Quick Claims", "Billing Help"]


@pytest.fixture(scope="module")
def names() -> Names:
    return build_names(LOCALITIES, ASSISTANTS)


def ask(names: Names, text: str) -> Question:
    return read(text, names, "NL", frozenset())


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("fysio sentre", "physio centre"), ("nite", "night"), ("kwik klaims", "quick claims"), ("vrei", "vrij")],
)
def test_spellings_of_one_sound_are_brought_to_one(typed: str, meant: str) -> None:
    assert sound_of(typed) == sound_of(meant)


@pytest.mark.parametrize(("typed", "other"), [("biling", "bowling"), ("line", "lane"), ("kampen", "campus")])
def test_words_that_sound_different_stay_different(typed: str, other: str) -> None:
    assert sound_of(typed) != sound_of(other)


@pytest.mark.parametrize(
    ("text", "assistant", "status"),
    [
        ("nummers van fysio centre", "Physio Centre", None),
        ("late nite desk free?", "Late Night Desk", Status.AVAILABLE),
        ("wat heeft laat nite desk gekoppeld", "Late Night Desk", Status.LINKED),
        ("kwik claims numbers", "Quick Claims", None),
    ],
)
def test_a_name_typed_as_it_sounds_is_that_name_and_the_correction_is_said(
    names: Names, text: str, assistant: str, status: Status | None
) -> None:
    question = ask(names, text)
    assert (question.kind, question.assistants, question.status) == (Kind.LIST, (assistant,), status)
    assert question.corrections


def test_a_word_of_a_name_that_is_an_everyday_word_typed_as_it_sounds_alone_is_not_made_that_name(
    names: Names,
) -> None:
    question = ask(names, "assistant nitee")
    assert (question.kind, question.assistants) == (Kind.CLARIFY, ())
    assert "nitee" in (question.problem or "")


@pytest.mark.parametrize(
    ("text", "kind", "assistant", "said"),
    [
        ("hoeveel heeft bilinghelp", Kind.COUNT, "Billing Help", "billing help"),
        ("quikclaims linked", Kind.LIST, "Quick Claims", "quick claims"),
    ],
)
def test_a_name_run_together_with_a_slip_is_that_name_said_with_its_spaces(
    names: Names, text: str, kind: Kind, assistant: str, said: str
) -> None:
    question = ask(names, text)
    assert (question.kind, question.assistants) == (kind, (assistant,))
    assert said in dict(question.corrections).values()
    assert question.ignored == ()


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("kampen, geen gekoppelde", Status.AVAILABLE),
        ("zwolle but no taken ones", Status.AVAILABLE),
        ("zwolle: no free ones", Status.LINKED),
        ("kampen maar geen vrije", Status.LINKED),
    ],
)
def test_no_after_a_break_leaves_the_status_after_it_out(names: Names, text: str, status: Status) -> None:
    question = ask(names, text)
    assert (question.kind, question.status, len(question.places)) == (Kind.LIST, status, 1)


def test_no_at_the_start_still_asks_whether_there_are_any(names: Names) -> None:
    assert ask(names, "geen vrije nummers in kampen?").status is Status.AVAILABLE


def test_a_name_left_out_after_a_status_word_keeps_the_status(names: Names) -> None:
    question = ask(names, "zwolle bezet, geen quick claims")
    assert (question.status, question.not_assistants) == (Status.LINKED, ("Quick Claims",))


@pytest.mark.parametrize(
    "text", ["linked locals, everyone except quick claims", "bezette lokale, iedereen behalve quick claims"]
)
def test_everyone_but_after_a_comma_narrows_the_question_before_it(names: Names, text: str) -> None:
    question = ask(names, text)
    assert (question.status, question.number_types, question.not_assistants) == (
        Status.LINKED,
        ("local",),
        ("Quick Claims",),
    )
    assert question.also_asked is None


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("kampen claimed ones", Status.LINKED),
        ("zwolle unclaimed", Status.AVAILABLE),
        ("numbers not spoken for in kampen", Status.AVAILABLE),
        ("nummers zonder eigenaar in zwolle", Status.AVAILABLE),
        ("geen eigenaar, kampen", Status.AVAILABLE),
    ],
)
def test_owning_words_are_statuses(names: Names, text: str, status: Status) -> None:
    question = ask(names, text)
    assert (question.kind, question.status, question.ignored) == (Kind.LIST, status, ())


@pytest.mark.parametrize(
    ("text", "left_out"),
    [
        ("free landlines bar the 038 ones", "038"),
        ("all mobile care numbers, lose the 06", "06"),
        ("national, ditch the 0900", "0900"),
        ("vrije nummers behoudens 038", "038"),
    ],
)
def test_more_words_for_leaving_a_prefix_out(names: Names, text: str, left_out: str) -> None:
    assert ask(names, text).not_prefixes == (left_out,)


def test_met_uitzondering_van_abbreviated_leaves_the_place_out(names: Names) -> None:
    question = ask(names, "vaste nummers m.u.v. zwolle")
    assert (question.places, question.not_places) == ((), ("Zwolle",))


def test_an_unknown_word_before_the_word_for_numbers_is_asked_about_never_dropped(names: Names) -> None:
    question = ask(names, "kampen wobbly ones")
    assert question.kind is Kind.CLARIFY
    assert "wobbly" in (question.problem or "")


@pytest.mark.parametrize(("text", "place"), [("kamp3n", None), ("zw0lle in use", "Zwolle"), ("0rk free", None)])
def test_a_zero_for_the_letter_o_in_a_name_is_that_name_and_ids_stay_ids(
    names: Names, text: str, place: str | None
) -> None:
    question = ask(names, text)
    assert question.places == ((place,) if place else ())


def test_a_mistyped_keyword_is_corrected_whole_not_cut_into_a_keyword_and_an_abbreviation(names: Names) -> None:
    question = ask(names, "non-geographc ones free")
    assert question.number_types == ("national",)


@pytest.mark.parametrize(
    ("text", "status", "place"),
    [
        ("free in kampen? nope, i mean the taken ones", Status.LINKED, "Kampen"),
        ("vrij in zwolle? nee wacht, juist de bezette", Status.LINKED, "Zwolle"),
        ("linked in kampen, sorry i mean zwolle", Status.LINKED, "Zwolle"),
        ("hoeveel vrij in zwolle, ik bedoel kampen", Status.AVAILABLE, "Kampen"),
    ],
)
def test_a_question_corrected_midway_is_read_as_corrected(names: Names, text: str, status: Status, place: str) -> None:
    question = ask(names, text)
    assert (question.status, question.places) == (status, (place,))


@pytest.mark.parametrize(
    "text", ["wat voor vragen snap jij", "what questions do you understand", "welke vragen begrijp je"]
)
def test_asking_what_the_bot_understands_is_help(names: Names, text: str) -> None:
    assert ask(names, text).kind is Kind.HELP


@pytest.mark.parametrize(
    "text", ["haal alles opnieuw op", "gegevens opnieuw ophalen bij flireo", "refresh the data from flireo"]
)
def test_a_refresh_in_other_words_is_a_refresh(names: Names, text: str) -> None:
    question = ask(names, text)
    assert question.refresh
    assert question.kind is not Kind.CLARIFY


def test_a_short_slip_of_a_status_word_is_not_asked_back_for_a_name_word_that_names_nothing_alone() -> None:
    names = build_names(["Kampen"], ["Geen Idee"])  # "idee" alone is an everyday word, not the assistant
    question = read("kampen idel numbers", names, "NL", frozenset())
    assert (question.kind, question.status) == (Kind.LIST, Status.AVAILABLE)


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("zwolle lines that r attached to sth", Status.LINKED),
        ("kampen, which ones have an owner", Status.LINKED),
        ("zwolle mapped to a bot", Status.LINKED),
        ("kampen, wat heeft er een baasje", Status.LINKED),
        ("zwolle vergeven nrs", Status.LINKED),
        ("kampen dormant ones", Status.AVAILABLE),
        ("zwolle wat ligt er nog op de plank", Status.AVAILABLE),
        ("kampen nog iets los?", Status.AVAILABLE),
        ("anythin goin spare in zwolle", Status.AVAILABLE),
        ("kampen nummers die niet vergeven zijn", Status.AVAILABLE),
        ("mobiles in zwolle no bot has grabbed", Status.AVAILABLE),
    ],
)
def test_slang_for_a_status(names: Names, text: str, status: Status) -> None:
    question = ask(names, text)
    assert (question.kind, question.status, question.also_asked, question.ignored) == (Kind.LIST, status, None, ())


def test_a_place_with_a_typo_said_first_is_the_setting_of_the_question_after_it(names: Names) -> None:
    question = ask(names, "zwole, which ones are taken")
    assert (question.places, question.status, question.also_asked) == (("Zwolle",), Status.LINKED, None)


def test_a_prefix_said_first_is_the_setting_of_the_question_after_it(names: Names) -> None:
    question = ask(names, "038, how many taken")
    assert (question.kind, question.prefix, question.status, question.also_asked) == (
        Kind.COUNT,
        "038",
        Status.LINKED,
        None,
    )


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("zwolle, de vrije hoef ik niet te zien", Status.LINKED),
        ("de bezette hoeven niet, kampen", Status.AVAILABLE),
        ("kampen: the free ones can go", Status.LINKED),
    ],
)
def test_a_status_left_out_by_words_said_after_it_is_the_other_status(names: Names, text: str, status: Status) -> None:
    question = ask(names, text)
    assert (question.status, question.not_places) == (status, ())


def test_a_prefix_left_out_by_hoef_ik_niet_te_zien_is_left_out_not_what_follows(names: Names) -> None:
    question = ask(names, "de 06 hoef ik niet te zien, vrije")
    assert (question.status, question.not_prefixes) == (Status.AVAILABLE, ("06",))


@pytest.mark.parametrize(
    ("text", "left_out"),
    [
        ("gekoppelde vaste lijnen, afgezien van quick claims", "Quick Claims"),
        ("vast, los van billing help", "Billing Help"),
    ],
)
def test_afgezien_van_and_los_van_leave_out(names: Names, text: str, left_out: str) -> None:
    assert ask(names, text).not_assistants == (left_out,)


@pytest.mark.parametrize(
    ("text", "status", "place"),
    [
        ("free mobiles.. forget it, gimme the occupied ones", Status.LINKED, None),
        ("zwolle vrij.. nee toch niet, de gekoppelde", Status.LINKED, "Zwolle"),
        ("free in kampen — scratch that, zwolle i meant", Status.AVAILABLE, "Zwolle"),
        ("bezet in kampen, o nee sorry, in zwolle bedoel ik", Status.LINKED, "Zwolle"),
    ],
)
def test_more_ways_of_correcting_a_question_midway(names: Names, text: str, status: Status, place: str | None) -> None:
    question = ask(names, text)
    assert (question.status, question.places) == (status, (place,) if place else ())


def test_never_mind_a_place_still_leaves_it_out(names: Names) -> None:
    question = ask(names, "free locals. never mind zwolle")
    assert (question.places, question.not_places) == ((), ("Zwolle",))


def test_a_typo_is_never_corrected_to_a_word_that_leaves_out(names: Names) -> None:
    question = ask(names, "alles wat onder quick claims valt")
    assert (question.assistants, question.not_assistants) == (("Quick Claims",), ())


@pytest.mark.parametrize(
    ("text", "suffix", "fragment"),
    [("4567 at the very end, which line", "4567", None), ("a 06 with 3697 in the middle", None, "3697")],
)
def test_digits_placed_in_other_words(names: Names, text: str, suffix: str | None, fragment: str | None) -> None:
    question = ask(names, text)
    assert (question.kind, question.suffix, question.fragment) == (Kind.LIST, suffix, fragment)


@pytest.mark.parametrize(
    ("text", "kind", "also"),
    [
        ("hoeveel nummers in totaal en hoeveel vrij", Kind.STATS, None),
        ("kampen headcount", Kind.COUNT, None),
        ("how many mobiles and how many free in zwolle", Kind.COUNT, "count available in:Zwolle"),
        ("how many free 038 and list kampen after", Kind.COUNT, "in:Kampen"),
    ],
)
def test_counts_beside_other_questions(names: Names, text: str, kind: Kind, also: str | None) -> None:
    question = ask(names, text)
    assert (question.kind, question.also_asked) == (kind, also)


def test_a_refresh_said_with_vers(names: Names) -> None:
    assert ask(names, "haal alles vers op bij flireo").refresh


@pytest.mark.parametrize(
    ("text", "status", "types"),
    [
        ("kampen stuff that's not given away yet?", Status.AVAILABLE, ()),
        ("mobile numbers not given away", Status.AVAILABLE, ("mobile",)),
        ("service numbers, which are free", Status.AVAILABLE, ("national",)),
        ("servicenummers die bezet zijn", Status.LINKED, ("national",)),
        ("lines in zwolle that aren't tied to anyone", Status.AVAILABLE, ()),
        ("slapende nummers in kampen", Status.AVAILABLE, ()),
        ("welke nummers liggen er te verstoffen in zwolle", Status.AVAILABLE, ()),
        ("kampen: wat is er ingepikt", Status.LINKED, ()),
        ("zwolle, wat is niet meer te vergeven", Status.LINKED, ()),
        ("de losse nummers, allemaal", Status.AVAILABLE, ()),
    ],
)
def test_more_slang_for_a_status_or_type(names: Names, text: str, status: Status, types: tuple[str, ...]) -> None:
    question = ask(names, text)
    assert (question.kind, question.status, question.number_types) == (Kind.LIST, status, types)


@pytest.mark.parametrize("word", ["weg", "ver", "sales", "sle"])
def test_everyday_words_are_not_taken_for_the_start_of_a_long_status_word(names: Names, word: str) -> None:
    assert ask(names, f"free in kampen {word}").status is Status.AVAILABLE


def test_a_status_between_op_and_na_is_left_out(names: Names) -> None:
    question = ask(names, "alles in zwolle op de bezette na")
    assert (question.status, question.places) == (Status.AVAILABLE, ("Zwolle",))


@pytest.mark.parametrize(
    ("text", "status", "prefix"),
    [
        ("linked 085s, nvm, the 088s", Status.LINKED, "088"),
        ("bezette 085, nee de 088", Status.LINKED, "088"),
        ("vrije 06-jes, nee toch de bezette", Status.LINKED, "06"),
    ],
)
def test_a_prefix_or_status_corrected_midway(names: Names, text: str, status: Status, prefix: str) -> None:
    question = ask(names, text)
    assert (question.status, question.prefix) == (status, prefix)


def test_laat_maar_weg_still_leaves_out_and_is_no_correction(names: Names) -> None:
    question = ask(names, "gekoppeld, quick claims laat maar weg")
    assert (question.status, question.not_assistants) == (Status.LINKED, ("Quick Claims",))


@pytest.mark.parametrize(
    ("text", "region"),
    [
        ("friesland free", "friesland"),
        ("vrij in noord-holland", "noord holland"),
        ("how many in brabant", "brabant"),
    ],
)
def test_a_province_is_asked_back_as_one_never_ignored(names: Names, text: str, region: str) -> None:
    question = ask(names, text)
    assert question.kind is Kind.CLARIFY
    assert f"*{region}* is a province or region" in (question.problem or "")


def test_a_town_named_as_its_province_is_the_town() -> None:
    question = read("free in groningen", build_names(["Groningen"], []), "NL", frozenset())
    assert question.places == ("Groningen",)


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("kampen, the ones somebody owns", Status.LINKED),
        ("zwolle ones a bot picks up", Status.LINKED),
        ("national lines somebody has", Status.LINKED),
        ("kampen, alles wat een eigenaar heeft", Status.LINKED),
        ("zwolle wat is uitgedeeld", Status.LINKED),
        ("tel de 06'jes met een eigenaar", Status.LINKED),
        ("kampen up for the taking", Status.AVAILABLE),
        ("06'en zonder baas", Status.AVAILABLE),
        ("vacancies on 038", Status.AVAILABLE),
        ("nobody picks up in zwolle", Status.AVAILABLE),
    ],
)
def test_owning_said_as_a_clause(names: Names, text: str, status: Status) -> None:
    question = ask(names, text)
    assert (question.status, question.shared, question.ignored) == (status, False, ())


def test_numbers_we_own_are_all_of_them(names: Names) -> None:
    question = ask(names, "elk nationale nr dat we bezitten")
    assert (question.kind, question.status, question.number_types) == (Kind.LIST, None, ("national",))


def test_an_everyday_word_is_no_slip_of_a_keyword_phrase(names: Names) -> None:
    question = ask(names, "alles onder quick claims")
    assert (question.assistants, question.not_assistants, question.corrections) == (("Quick Claims",), (), ())


def test_a_correction_word_inside_a_name_is_the_name() -> None:
    names = build_names(["Kampen"], ["Nee Hoor", "Not Again"])
    question = read("all taken ones but leave out nee hoor and not again", names, "NL", frozenset())
    assert (question.status, question.not_assistants) == (Status.LINKED, ("Nee Hoor", "Not Again"))


def test_neuh_takes_back_what_was_said(names: Names) -> None:
    assert ask(names, "kampen vrij.. neuh, toch de bezette").status is Status.LINKED


def test_laat_ik_even_zitten_leaves_out_what_it_follows(names: Names) -> None:
    assert ask(names, "zwolle, de vrije laat ik even zitten").status is Status.LINKED


def test_a_place_said_with_zelf_is_left_out_alone(names: Names) -> None:
    question = ask(names, "quick claims, vast, en kampen zelf niet")
    assert (question.number_types, question.not_places, question.not_number_types) == (("local",), ("Kampen",), ())


@pytest.mark.parametrize(
    "text", ["quick claims without its 0800 and its cell", "quick claims zonder z'n 0800 en z'n 06"]
)
def test_a_possessive_carries_a_leaving_out_on(names: Names, text: str) -> None:
    question = ask(names, text)
    assert question.also_asked is None
    assert "0800" in question.not_prefixes
    assert question.not_number_types == ("mobile",) or "06" in question.not_prefixes


def test_the_total_and_how_many_of_it_are_free_is_the_overview(names: Names) -> None:
    assert ask(names, "wat is het totaal en wat is daarvan vrij").kind is Kind.STATS


def test_digits_among_everyday_words_are_looked_for(names: Names) -> None:
    assert ask(names, "zit er eentje tussen met 3558").fragment == "3558"


@pytest.mark.parametrize("text", ["free in kampen then help", "vrij in zwolle, daarna hulp"])
def test_help_asked_after_a_question_is_said_asked_never_dropped(names: Names, text: str) -> None:
    question = ask(names, text)
    assert (question.kind, question.also_asked) == (Kind.LIST, "help")


def test_help_asked_beside_a_question_is_said_in_the_reply_in_its_language() -> None:
    english = Question(kind=Kind.LIST, also_asked="help", language=Language.EN)
    dutch = Question(kind=Kind.LIST, also_asked="help", language=Language.NL)
    with in_language(Language.EN):
        assert "also asked for help" in (understood_note(english) or "")
    with in_language(Language.NL):
        assert "ook om hulp gevraagd" in (understood_note(dutch) or "")


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("spare change changes today", Kind.CHANGES),
        ("spare change: wat is er veranderd sinds gisteren", Kind.CHANGES),
        ("spare change in kampen", Kind.LIST),
    ],
)
def test_a_change_word_inside_a_name_with_a_change_question_beside_it(text: str, kind: Kind) -> None:
    names = build_names(["Kampen"], ["Spare Change"])
    question = read(text, names, "NL", frozenset())
    assert (question.kind, question.assistants, question.status) == (kind, ("Spare Change",), None)


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("which ones does somebody own in kampen", Status.LINKED),
        ("which zwolle numbers are in service with an assistant", Status.LINKED),
        ("every mobile that's in someone's hands", Status.LINKED),
        ("national numbers nobody has claimed", Status.AVAILABLE),
        ("what local lines are going begging", Status.AVAILABLE),
        ("which 038 lines are already in somebody's use", Status.LINKED),
        ("landelijke nummers die al iemand heeft", Status.LINKED),
        ("op welke nummers in kampen zit al een bot", Status.LINKED),
        ("amai, wat hangt er in zwolle nog nergens aan?", Status.AVAILABLE),
        ("nationale nummers die nergens aan vast zitten", Status.AVAILABLE),
        ("except for quick claims, who has mobiles?", Status.LINKED),
        ("wie heeft er wat in kampen", Status.LINKED),
    ],
)
def test_holding_said_in_more_ways(names: Names, text: str, status: Status) -> None:
    question = ask(names, text)
    assert (question.kind, question.status) == (Kind.LIST, status)


def test_who_has_a_number_is_still_a_lookup() -> None:
    question = read("who has 038 123 4567", build_names(["Zwolle"], []), "NL", frozenset({"+31381234567"}))
    assert (question.kind, question.status) == (Kind.LOOKUP, None)


def test_what_do_we_own_is_every_number(names: Names) -> None:
    question = ask(names, "what do we own")
    assert (question.kind, question.status, question.has_filters()) == (Kind.LIST, None, False)


def test_a_part_of_a_name_made_of_everyday_words_is_a_request_not_the_name() -> None:
    names = build_names(["Kampen"], ["Show Me Love", "Never Late Line"])
    question = read("never show me the free ones, just the linked 085s", names, "NL", frozenset())
    assert (question.assistants, question.status, question.prefix) == ((), Status.LINKED, "085")


def test_a_name_with_a_negation_right_before_a_status_is_read_as_words() -> None:
    names = build_names(["Kampen"], ["Nog Niet"])
    assert read("welke nummers zijn nog niet gekoppeld in kampen", names, "NL").status is Status.AVAILABLE
    assert read("nummers van nog niet", names, "NL").assistants == ("Nog Niet",)


@pytest.mark.parametrize(
    ("text", "status", "place"),
    [
        ("free mobiles... actually make that free nationals", Status.AVAILABLE, None),
        ("taken in kampen, erm i meant available", Status.AVAILABLE, "Kampen"),
        ("kampen, no, zwolle: free numbers", Status.AVAILABLE, "Zwolle"),
        ("linked in kampen, hmm, in zwolle i meant", Status.LINKED, "Zwolle"),
        ("lokaal vrij in kampen of eigenlijk zwolle", Status.AVAILABLE, "Zwolle"),
        ("de vrije 06 nummers. oh wacht, de bezette", Status.LINKED, None),
    ],
)
def test_even_more_ways_of_correcting_midway(names: Names, text: str, status: Status, place: str | None) -> None:
    question = ask(names, text)
    assert (question.status, question.places) == (status, (place,) if place else ())


def test_a_place_taken_back_leaves_the_others() -> None:
    names = build_names(["Kampen", "Zwolle"], [])
    question = read("vrij in kampen en zwolle? nee, zwolle laat maar", names, "NL")
    assert (question.status, question.places) == (Status.AVAILABLE, ("Kampen",))


def test_a_list_left_out_goes_on_across_a_comma_with_the(names: Names) -> None:
    question = ask(names, "quick claims except zwolle, the mobile and the 085")
    assert (question.not_places, question.not_number_types, question.not_prefixes) == (
        ("Zwolle",),
        ("mobile",),
        ("085",),
    )
    assert question.also_asked is None


def test_an_international_number_with_dots_is_a_number_not_an_ip_address(names: Names) -> None:
    assert ask(names, "+31.38.123.4567").lookups == ("+31381234567",)


def test_a_place_spelled_the_old_way_is_the_place_on_the_account() -> None:
    question = read("cuyk whats free", build_names(["Cuijk"], []), "NL", frozenset())
    assert question.places == ("Cuijk",)


@pytest.mark.parametrize("text", ["quick claims, welke 06 heeft die", "claims, which mobiles does it have"])
def test_a_question_pointing_back_at_a_name_said_first_narrows_it(names: Names, text: str) -> None:
    question = ask(names, text)
    assert (question.assistants, question.also_asked) == (("Quick Claims",), None)
    assert question.number_types == ("mobile",) or question.prefix == "06"


def test_only_after_a_negation_opens_what_is_asked(names: Names) -> None:
    question = ask(names, "quick claims, maar kampen zelf niet, alleen vaste lijnen")
    assert (question.number_types, question.not_places, question.not_number_types) == (("local",), ("Kampen",), ())


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("kampen which r manned", Status.LINKED),
        ("national lines in active use", Status.LINKED),
        ("zwolle onbenut", Status.AVAILABLE),
        ("kampen onbemand", Status.AVAILABLE),
        ("mobiles someone's on", Status.LINKED),
    ],
)
def test_manned_and_unmanned(names: Names, text: str, status: Status) -> None:
    assert ask(names, text).status is status


@pytest.mark.parametrize(
    "text", ["spare landlines, leave the whole 038 area out", "vaste nrs die vrij zijn, alles met 038 ervoor laat maar"]
)
def test_a_prefix_left_out_with_words_around_it(names: Names, text: str) -> None:
    question = ask(names, text)
    assert (question.status, question.number_types, question.not_prefixes, question.prefix) == (
        Status.AVAILABLE,
        ("local",),
        ("038",),
        None,
    )


def test_a_name_said_with_dont_count_is_left_out(names: Names) -> None:
    question = ask(names, "mobiles someone's on, quick claims don't count")
    assert (question.status, question.not_assistants) == (Status.LINKED, ("Quick Claims",))


def test_who_said_apart_from_its_verb_asks_for_the_held_ones(names: Names) -> None:
    question = ask(names, "who besides quick claims holds a freephone")
    assert (question.status, question.prefix, question.ignored) == (Status.LINKED, "0800", ())


def test_freephones_in_the_plural_are_0800(names: Names) -> None:
    assert ask(names, "quick claims's freephones").prefix == "0800"


@pytest.mark.parametrize("text", ["total and free, whole account", "geef me de totalen: alles en wat vrij is"])
def test_the_total_and_the_free_ones_are_the_overview(names: Names, text: str) -> None:
    assert ask(names, text).kind is Kind.STATS


def test_a_request_after_a_count_is_a_question_of_its_own(names: Names) -> None:
    question = ask(names, "kampen, hoeveel in gebruik — en laat me straks ook de vrije 0900 zien")
    assert (question.kind, question.status, question.places, question.also_asked) == (
        Kind.COUNT,
        Status.LINKED,
        ("Kampen",),
        "available prefix:0900",
    )


def test_a_place_typed_as_two_words_is_that_place() -> None:
    question = read("alles in berg eijk", build_names(["Bergeijk"], []), "NL", frozenset())
    assert question.places == ("Bergeijk",)


def test_what_hangs_on_a_name_said_first_narrows_it() -> None:
    question = read("assistent niet nu, wat hangt daaraan", build_names(["Kampen"], ["Niet Nu"]), "NL")
    assert (question.assistants, question.also_asked) == (("Niet Nu",), None)


@pytest.mark.parametrize(
    "text", ["nummers in kampen die nergens aan hangen", "amai, wat hangt er in kampen nog nergens aan?"]
)
def test_hanging_on_nothing_is_free_whichever_order(names: Names, text: str) -> None:
    assert ask(names, text).status is Status.AVAILABLE


def test_who_has_digits_in_it_asks_for_that_number_whoever_has_it(names: Names) -> None:
    question = ask(names, "who has 9914 in it")
    assert (question.fragment, question.status) == ("9914", None)


def test_a_part_of_a_name_of_everyday_words_said_as_a_name_is_the_name() -> None:
    names = build_names(["Nijmegen"], ["Vragen Bot Nijmegen", "Show Me Love"])
    assert read("nummers van vragen bot in nijmegen", names, "NL").assistants == ("Vragen Bot Nijmegen",)


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("kampen attached to a bot", Status.LINKED),
        ("zwolle with an assistant answering", Status.LINKED),
        ("kampen toegekend", Status.LINKED),
        ("zwolle niet toegekend", Status.AVAILABLE),
        ("kampen ongebonden nummers", Status.AVAILABLE),
        ("freephones held by anyone other than quick claims", Status.LINKED),
        ("kampen: hebde nog iets da nie gekoppeld is", Status.AVAILABLE),
        ("aantal gsm's met een bot eraan", Status.LINKED),
    ],
)
def test_holding_in_yet_more_words(names: Names, text: str, status: Status) -> None:
    question = ask(names, text)
    assert (question.status, question.ignored) == (status, ())


@pytest.mark.parametrize(
    ("text", "left_out"),
    [
        ("free fixed lines but skip everything on 038", ("038",)),
        ("quick claims, drop every 085, the 088", ("085", "088")),
    ],
)
def test_a_word_for_all_after_a_leaving_out_goes_on_leaving_out(
    names: Names, text: str, left_out: tuple[str, ...]
) -> None:
    question = ask(names, text)
    assert (question.prefix, question.not_prefixes) == (None, left_out)


def test_a_place_left_out_by_words_said_after_it(names: Names) -> None:
    question = ask(names, "quick claims landlines, kampen itself left out")
    assert (question.places, question.not_places) == ((), ("Kampen",))


def test_a_word_of_a_name_that_is_also_a_place_without_numbers_is_the_name() -> None:
    names = build_names(["Wouw", "Kampen"], ["Dinteloord Duiven"])
    question = read("the duiven number in wouw", names, "NL")
    assert (question.assistants, question.places) == (("Dinteloord Duiven",), ("Wouw",))
    assert read("free in duiven", names, "NL").places == ("Duiven",)  # after "in" the place, even without numbers


def test_a_three_letter_word_of_a_place_of_the_account_names_it() -> None:
    assert read("everything in sas, the full list", build_names(["Sas van Gent"], []), "NL").places == ("Sas van Gent",)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("0900s with a bot — only the count pls", Kind.COUNT),
        ("where are we at overall, numbers-wise", Kind.STATS),
        ("hey numbers bot, how do i talk to you", Kind.HELP),
        ("ik ben nieuw hier, wat typ ik tegen jou", Kind.HELP),
    ],
)
def test_counts_overviews_and_help_in_other_words(names: Names, text: str, kind: Kind) -> None:
    assert ask(names, text).kind is kind


def test_pull_it_again_is_a_refresh(names: Names) -> None:
    assert ask(names, "data seems stale, pull it again").refresh


def test_numbers_every_customer_uses_together_are_the_shared_ones(names: Names) -> None:
    assert ask(names, "welke nummers gebruikt iedere flireo-klant samen").shared


@pytest.mark.parametrize(
    ("text", "status", "not_prefixes"),
    [
        ("open local lines, nothing on 038", Status.AVAILABLE, ("038",)),
        ("kampen, nothing that has an assistant on it", Status.AVAILABLE, ()),
        ("zwolle: wat hangt er niet aan een assistent", Status.AVAILABLE, ()),
        ("zwolle: wat hangt er nie aan een assistent", Status.AVAILABLE, ()),
    ],
)
def test_nothing_and_not_before_what_holds_a_number(
    names: Names, text: str, status: Status, not_prefixes: tuple[str, ...]
) -> None:
    question = ask(names, text)
    assert (question.status, question.not_prefixes, question.prefix) == (status, not_prefixes, None)


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("kampen, still untouched ones?", Status.AVAILABLE),
        ("zwolle: which have never been handed to anyone", Status.AVAILABLE),
        ("kampen ready to hand out", Status.AVAILABLE),
        ("zwolle wat ligt er nog klaar", Status.AVAILABLE),
        ("kampen nog in de aanbieding?", Status.AVAILABLE),
        ("zwolle, bij welke staat een assistent ingeschreven", Status.LINKED),
        ("kampen in dienst", Status.LINKED),
        ("kampen: kan ik daar nog iets pakken", Status.AVAILABLE),
        ("0800s that have a bot — just the count", Status.LINKED),
        ("085: hoeveel zonder bot", Status.AVAILABLE),
        ("in zwolle alleen wat bezet is, vrije boeien me niet", Status.LINKED),
    ],
)
def test_statuses_in_words_of_the_fifteenth_set_kinds(names: Names, text: str, status: Status) -> None:
    question = ask(names, text)
    assert (question.status, question.ignored) == (status, ())


def test_a_correction_word_that_is_a_whole_name_is_the_name() -> None:
    names = build_names(["Kampen"], ["Nee Toch", "Zonder Twijfel"])
    question = read("all linked except nee toch and zonder twijfel", names, "NL")
    assert question.not_assistants == ("Nee Toch", "Zonder Twijfel")
    assert read("kampen de vrije.. nee, toch liever de bezette", names, "NL").status is Status.LINKED


@pytest.mark.parametrize(
    "text", ["alle gekoppelde, quick claims niet meegenomen", "quick claims landlines, leaving kampen aside"]
)
def test_more_words_that_leave_out_what_they_follow_or_surround(names: Names, text: str) -> None:
    question = ask(names, text)
    assert question.not_assistants or question.not_places
    assert question.places == ()
    assert question.also_asked is None


def test_a_number_url_encoded_in_a_pasted_link_is_looked_up(names: Names) -> None:
    question = ask(names, "https://portal.example/calls?from=%2B31381234567&dir=in — which assistant")
    assert question.lookups == ("+31381234567",)


def test_a_short_overview_then_a_place_is_two_questions(names: Names) -> None:
    question = ask(names, "kort overzichtje en daarna kampen")
    assert (question.kind, question.also_asked) == (Kind.STATS, "in:Kampen")


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("kampen — who's sitting on numbers there", Status.LINKED),
        ("zwolle wie zit erop", Status.LINKED),
        ("038 wie zitten daarop", Status.LINKED),
        ("zwolle, open for assignment?", Status.AVAILABLE),
        ("kampen lines with somebody behind them", Status.LINKED),
        ("zwolle engaged lines", Status.LINKED),
        ("kampen: which have a handler", Status.LINKED),
        ("zwolle - empty slots?", Status.AVAILABLE),
        ("kampen — staat daar nog iets te wachten op een eigenaar", Status.AVAILABLE),
        ("zwolle, wat is er allemaal aangehaakt", Status.LINKED),
        ("kampen, nog iets op voorraad", Status.AVAILABLE),
        ("zwolle, vrij te pakken?", Status.AVAILABLE),
        ("038 — welke kan ik nog uitdelen", Status.AVAILABLE),
        ("kampen, wat heeft nog niemand aan zich gekoppeld", Status.AVAILABLE),
    ],
)
def test_statuses_in_words_of_the_sixteenth_set_kinds(names: Names, text: str, status: Status) -> None:
    question = ask(names, text)
    assert (question.kind, question.status, question.shared, question.ignored) == (Kind.LIST, status, False, ())


def test_the_numbers_and_who_holds_them_are_all_of_them(names: Names) -> None:
    assert ask(names, "de 038 nummers en wie erop zit").status is None


@pytest.mark.parametrize(
    ("text", "left_out"),
    [("quick claims — everything but his mobile and his 0900", "0900"), ("quick claims zonder hun 06-nummers", "06")],
)
def test_a_possessive_is_filler_in_a_leaving_out(names: Names, text: str, left_out: str) -> None:
    question = ask(names, text)
    assert left_out in question.not_prefixes
    assert question.prefix is None


def test_uitgesloten_leaves_out_what_it_follows(names: Names) -> None:
    question = ask(names, "alles wat gekoppeld is, quick claims uitgesloten")
    assert (question.status, question.not_assistants) == (Status.LINKED, ("Quick Claims",))


def test_a_name_with_a_slip_in_a_keyword_like_word_is_the_name() -> None:
    question = read("lokal talent list", build_names(["Kampen"], ["Lokaal Talent"]), "NL")
    assert (question.assistants, question.number_types) == (("Lokaal Talent",), ())


def test_a_multi_word_place_with_a_word_typed_as_two() -> None:
    question = read("sint jan steen, wat ligt er nog op de plank", build_names(["Sint Jansteen"], []), "NL")
    assert (question.places, question.status) == (("Sint Jansteen",), Status.AVAILABLE)


def test_dutch_ch_for_g_in_a_name() -> None:
    question = read("callantsoch bezette lijnen", build_names(["Callantsoog"], []), "NL")
    assert question.places == ("Callantsoog",)


def test_a_second_question_said_with_after_that_at_its_end(names: Names) -> None:
    question = ask(names, "tell me how many 088 are unassigned; kampen after that")
    assert (question.kind, question.prefix, question.places, question.also_asked) == (
        Kind.COUNT,
        "088",
        (),
        "in:Kampen",
    )


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("hoe zit het in grote lijnen met onze nummers", Kind.STATS),
        ("wat moet ik intypen om iets te vinden", Kind.HELP),
    ],
)
def test_an_overview_and_help_in_other_dutch_words(names: Names, text: str, kind: Kind) -> None:
    assert ask(names, text).kind is kind


def test_two_slips_in_a_long_place_name_with_its_start_right_are_that_place() -> None:
    names = build_names(["Oostvoorne", "Kampen"], [])
    assert read("oostvoren bemand", names, "NL").places == ("Oostvoorne",)


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("kampen, still in the drawer?", Status.AVAILABLE),
        ("zwolle: who is holding what", Status.LINKED),
        ("038, who's holding them", Status.LINKED),
        ("kampen, any orphaned numbers", Status.AVAILABLE),
        ("zwolle, welke zijn al verdeeld", Status.LINKED),
        ("kampen welke liggen stil", Status.AVAILABLE),
        ("zwolle: wat is er in beheer bij een bot", Status.LINKED),
        ("kampen, welke kunnen we nog weggeven", Status.AVAILABLE),
        ("038 wat kunnen we nog uitgeven", Status.AVAILABLE),
    ],
)
def test_statuses_in_words_of_the_seventeenth_set_kinds(names: Names, text: str, status: Status) -> None:
    question = ask(names, text)
    assert (question.status, question.ignored) == (status, ())


def test_a_short_place_with_a_letter_left_out_is_the_place_not_a_contracted_keyword() -> None:
    question = read("slen — wat is daar beschikbaar", build_names(["Sleen"], []), "NL")
    assert (question.places, question.status) == (("Sleen",), Status.AVAILABLE)


@pytest.mark.parametrize(
    "text",
    [
        "assigned 0800s that quick claims does not own",
        "gekoppelde mobieltjes, quick claims er niet bij",
        "vaste lijnen, quick claims laten we weg",
    ],
)
def test_yet_more_words_that_leave_out_the_name_before_them(names: Names, text: str) -> None:
    question = ask(names, text)
    assert (question.assistants, question.not_assistants) == ((), ("Quick Claims",))


def test_a_run_of_two_kinds_left_out_by_niet_after_it(names: Names) -> None:
    question = ask(names, "quick claims z'n nummers, het mobieltje en het 0800-nummer niet")
    assert (question.not_number_types, question.not_prefixes, question.prefix) == (("mobile",), ("0800",), None)


def test_more_ways_of_asking_in_turn_and_for_the_overview(names: Names) -> None:
    assert ask(names, "give me the overview first, kampen next").also_asked == "in:Kampen"
    assert ask(names, "geef me even een totaalbeeld van de nummers").kind is Kind.STATS
    assert ask(names, "7074 komt erin voor, welk nummer").fragment == "7074"


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("take out a free number in zwolle", "available in:Zwolle"),
        ("chuck me a free number in zwolle", "available in:Zwolle"),
        ("scrap that, kampen free", "available in:Kampen"),
        ("nog niet gekoppeld", "available"),
        ("free in kampen, wait, also zwolle", "available in:Kampen in:Zwolle"),
        ("er zijn vast nog vrije nummers in kampen", "available in:Kampen"),
        ("ik zit vast, welke nummers zijn vrij in kampen", "available in:Kampen"),
        ("gooi de 06 eruit, vrije nummers in kampen", "available in:Kampen not-prefix:06"),
        ("give me just the number for quick claims", 'assistant:"Quick Claims"'),
        ("free numbers for all customers", "available"),
    ],
)
def test_everyday_sentences_the_new_words_must_not_misread(text: str, canonical: str) -> None:
    names = build_names(["Kampen", "Zwolle"], ["Quick Claims", "Nog Niet", "Show Me Love"])
    assert read(text, names, "NL").canonical() == canonical


def test_holland_is_no_province_to_ask_back(names: Names) -> None:
    assert "province" not in (ask(names, "free numbers in holland").problem or "")


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("kampen — who's got those", Status.LINKED),
        ("zwolle — any lines we could still give away?", Status.AVAILABLE),
        ("kampen: got any free-floating ones", Status.AVAILABLE),
        ("zwolle: zijn er lijnen die nog niemand heeft geclaimd", Status.AVAILABLE),
        ("kampen wat is daar nog niet weg", Status.AVAILABLE),
        ("zwolle, welke draaien al bij een assistent", Status.LINKED),
        ("which mobiles are not yet given out", Status.AVAILABLE),
        ("kampen, waar niemand achter zit", Status.AVAILABLE),
    ],
)
def test_statuses_in_words_of_the_eighteenth_set_kinds(names: Names, text: str, status: Status) -> None:
    question = ask(names, text)
    assert (question.status, question.assistants, question.ignored) == (status, (), ())


@pytest.mark.parametrize(
    ("text", "left_out"),
    [
        ("onbezette vaste lijnen — het netnummer 038 hoef ik niet te zien", "038"),
        ("quick claims maar dan het 085-nummer niet", "085"),
        ("idle local numbers; 038 can stay out of it", "038"),
    ],
)
def test_a_prefix_left_out_with_its_noun_around_it(names: Names, text: str, left_out: str) -> None:
    question = ask(names, text)
    assert (question.not_prefixes, question.prefix) == ((left_out,), None)


def test_a_leaving_out_goes_on_after_het_0800_nummer(names: Names) -> None:
    question = ask(names, "quick claims, alles behalve het 0800-nummer en het mobieltje")
    assert (question.not_prefixes, question.not_number_types) == (("0800",), ("mobile",))


def test_niet_meenemen_and_at_a_glance(names: Names) -> None:
    assert ask(names, "alle bezette, die van quick claims niet meenemen").not_assistants == ("Quick Claims",)
    assert ask(names, "account at a glance").kind is Kind.STATS
