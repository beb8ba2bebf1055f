"""The words of questions, in English and Dutch (SPEC §3): keywords with their inflections, negation, filler.

Kept as data: each phrase is folded (lower case, no accents or punctuation) and maps to one meaning. A phrase of
several words is matched before its parts, so `not in use` and `in gebruik` are read whole.
"""

from __future__ import annotations

from enum import StrEnum


class Sense(StrEnum):
    """What a keyword says about the question."""

    AVAILABLE = "available"
    LINKED = "linked"
    LOCAL = "local"
    MOBILE = "mobile"
    NATIONAL = "national"
    COUNT = "count"
    STATS = "stats"
    LIST = "list"
    LOOKUP = "lookup"
    SHARED = "shared"
    REFRESH = "refresh"
    HELP = "help"
    BUYABLE = "buyable"
    ORDERS = "orders"
    PENDING = "pending"
    SUCCESS = "success"
    FAILED = "failed"
    NEGATION = "negation"
    EXCLUDE = "exclude"  # except, outside, behalve: the place or assistant after it is left out
    NOBODY = "nobody"  # niemand, no one: free alone; before or after "uses"/"gebruikt" it turns that status round
    NONE_OF = "none-of"  # geen: leaves out a type, place or assistant after it; before a status it only frames
    FRAGMENT_MARK = "fragment-mark"  # containing, bevat: the digits after it are a fragment, even 0436
    SUFFIX_MARK = "suffix-mark"  # ending in, eindigend op: the digits after it end the number
    PREFIX_MARK = "prefix-mark"  # starting with, beginnend met: the digits after it start the number
    CODE_MARK = "code-mark"  # SIP, HTTP, status, error: the digits after it are a code, not a number or filter
    PLACE_MARK = "place-mark"  # in, at, near, te: what follows is a place
    ASSISTANT_MARK = "assistant-mark"  # assistant, agent: what follows is an assistant's name
    LINKED_TO = "linked-to"  # linked to, gekoppeld aan: what follows is an assistant's name
    PER_ASSISTANT = "per-assistant"  # "per assistant", "per assistent": a count for each assistant
    PER_PLACE = "per-place"  # "per city", "per stad": a count for each place
    PER_TYPE = "per-type"  # "per type", "per soort": a count for each number type
    FILLER = "filler"


STATUS_SENSES = {Sense.AVAILABLE: "available", Sense.LINKED: "linked"}
TYPE_SENSES = {Sense.LOCAL: "local", Sense.MOBILE: "mobile", Sense.NATIONAL: "national"}
GROUP_SENSES = {Sense.PER_ASSISTANT: "assistant", Sense.PER_PLACE: "place", Sense.PER_TYPE: "type"}
ORDER_STATUS_SENSES = {Sense.PENDING: "pending", Sense.SUCCESS: "success", Sense.FAILED: "failed"}
OPPOSITE = {Sense.AVAILABLE: Sense.LINKED, Sense.LINKED: Sense.AVAILABLE}

_WORDS: dict[Sense, str] = {
    Sense.AVAILABLE: """
        available free unused unassigned spare spares open idle unlinked vacant unallocated unoccupied
        linked-to-nobody linked-to-no-one assigned-to-nobody no-assistant without-assistant
        gekoppeld-aan-niemand aan-niemand-gekoppeld geen-assistent zonder-assistent
        nobody-answers no-one-answers nobody-picks-up no-one-picks-up niemand-neemt-op niemand-neemt-ze-op
        vrij vrije beschikbaar beschikbare ongebruikt ongebruikte ongekoppeld ongekoppelde onbezet onbezette leeg
        lege what-is-left is-left are-left still-left left-over leftover remaining nog-over over-zijn resterend
        resterende""",
    Sense.LINKED: """
        linked taken used in-use assigned busy occupied allocated unavailable attached connected
        gekoppeld gekoppelde bezet bezette in-gebruik toegewezen gebruikt gebruikte verbonden
        assigned-to-anyone linked-to-anyone attached-to-anyone assigned-to-anybody linked-to-anybody
        gekoppeld-aan-iemand toegewezen-aan-iemand uses using gebruiken""",
    Sense.LOCAL: "local locals geographic geographical geo lokaal lokale geografisch geografische regionaal regionale",
    Sense.MOBILE: """
        mobile mobiles cell cells cellphone cellphones cell-phone cellular gsm mobiel mobiele mobieltje mobieltjes
        mobielen""",
    Sense.NATIONAL: """
        national nationals non-geographic nongeographic non-geo nationaal nationale landelijk landelijke
        niet-geografisch niet-geografische""",
    Sense.COUNT: "how-many how-much count number-of total totals amount hoeveel aantal totaal het-aantal tel-ze",
    Sense.STATS: """
        stats statistics stat summary summarise summarize overview breakdown inventory overzicht samenvatting
        statistieken statistiek""",
    Sense.LIST: "list all everything every all-of-them alle alles lijst allemaal lijstje",
    Sense.LOOKUP: """
        find who whose lookup look-up search owns owner belongs belong which-assistant what-assistant
        zoek zoeken wie van-wie welke-assistent opzoeken eigenaar""",
    Sense.SHARED: "shared default defaults gedeeld gedeelde standaard",
    Sense.REFRESH: """
        refresh reload fresh refetch up-to-date latest ververs vernieuw verversen vernieuwen actueel actuele
        opnieuw""",
    Sense.HELP: """
        help halp usage commands examples what-can-you-do how-does-this-work how-do-i-use-this what-do-you-do
        how-does-it-work how-do-i-use how-to-use how-does-this-bot-work what-can-i-ask manual
        hulp hoe-werkt-dit hoe-werkt-het hoe-werkt wat-kun-je wat-kan-je wat-kun-je-doen uitleg hoe-gebruik-ik
        wat-kan-ik-vragen handleiding""",
    Sense.BUYABLE: "buyable purchasable buy purchase for-sale te-koop kopen koop aanschaffen kopen-we",
    Sense.ORDERS: "order orders ordered bestelling bestellingen besteld bestel",
    Sense.PENDING: "pending waiting lopend lopende lopen in-behandeling",
    Sense.SUCCESS: "success successful succeeded completed gelukt gelukte geslaagd geslaagde voltooid voltooide",
    Sense.FAILED: "failed failure failures mislukt mislukte",
    Sense.NEGATION: "not niet non arent isnt aint dont doesnt wasnt werent nor",
    Sense.NOBODY: "nobody niemand no-one noone no-body door-niemand by-nobody by-no-one",
    Sense.NONE_OF: "geen no",
    Sense.FRAGMENT_MARK: "containing contain contains with-in bevat bevatten",
    Sense.SUFFIX_MARK: """
        ending end ends ending-in ending-with ends-in ends-with ending-on eindigend eindigt eindigen eindigend-op
        eindigen-op eindigt-op eindigend-met eindigt-met""",
    Sense.PREFIX_MARK: """
        starting start starts begin begins beginning starting-with start-with starts-with beginning-with
        beginnend begint beginnen starten start-met begint-met beginnend-met beginnen-met starten-met""",
    Sense.CODE_MARK: "sip http https status error errors code codes fout fouten foutcode response returned",
    Sense.EXCLUDE: """
        except excluding exclude excl outside besides other-than but-not apart-from without minus behalve buiten
        zonder exclusief uitgezonderd everything-but anything-but all-but everything-except anything-except
        all-except everything-other-than anything-other-than anything-besides everything-besides all-besides
        everything-apart-from anything-apart-from everything-outside anything-outside anything-not everything-not
        alles-behalve alles-buiten alles-zonder alles-maar-niet alles-uitgezonderd alles-op-de-rest-na""",
    Sense.PLACE_MARK: "in at near around te bij rond",
    Sense.ASSISTANT_MARK: "assistant assistants agent agents assistent assistenten",
    Sense.LINKED_TO: "linked-to linked-with assigned-to attached-to gekoppeld-aan toegewezen-aan",
    Sense.PER_ASSISTANT: """
        per-assistant per-assistants by-assistant by-assistants each-assistant for-each-assistant per-agent by-agent
        per-assistent per-assistenten elke-assistent voor-elke-assistent
        which-assistants what-assistants list-assistants list-of-assistants
        welke-assistenten lijst-assistenten lijst-van-assistenten""",
    Sense.PER_PLACE: """
        per-place per-places per-city per-cities per-town per-locality per-location per-region by-place by-city
        by-town by-locality by-location by-region each-city each-place for-each-city for-each-place
        per-stad per-plaats per-plek per-regio per-locatie per-gemeente per-woonplaats elke-stad elke-plaats
        voor-elke-stad which-places which-cities what-places what-cities which-locations
        welke-plaatsen welke-steden welke-locaties""",
    Sense.PER_TYPE: """
        per-type per-types by-type by-types each-type for-each-type per-number-type by-number-type
        per-soort elk-type elke-soort""",
    Sense.FILLER: """
        a about also an and any anything are be been being but by can could currently did do does for from get
        give got has have hey hi hello i if is it its just left let me my need now of on one ones only or our ours
        please pls plz rn right see show so some still tell thanks thx that the their them then there these they
        this those to u ur us want was we were what whats where wheres which with would yo you your asap urgent
        urgently quick quickly ok okay number numbers phone phones lines nums digits digit
        got-any any-more more yet
        already again ever really guys team bot here like kindly maybe
        de het een welke welk wat zijn is er nog nummer nummers telefoonnummer telefoonnummers lijnen graag alsjeblieft
        alstublieft aub ajb even mij me ons onze we wij hebben heeft hebt heb op van voor met die dat en of ook nu
        momenteel toon laat zien geef kun kan kunnen je jij jullie u hoi hallo hee waar zit zitten staat staan aan
        erin
        naar om al wel hier deze dit mag moet
        iemand iets someone somebody anyone anybody geven give""",
}


def _phrases() -> dict[str, Sense]:
    table: dict[str, Sense] = {}
    for sense, text in _WORDS.items():
        for phrase in text.split():
            table.setdefault(phrase.replace("-", " "), sense)
    return table


# Folded phrase → sense. "in use" is one phrase (linked); "not" before it is read as negation.
PHRASES: dict[str, Sense] = _phrases()
LONGEST_PHRASE = max(len(phrase.split()) for phrase in PHRASES)
