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
    NOTHING = "nothing"  # nothing, nergens, niks: beside a link word ("linked to nothing") it means free; else frames
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

# Each line is tagged with its language (en, nl, or both when the word is the same in the two): the language of a
# reply is the language of the words a question was read by (issue 23).
_WORDS: dict[Sense, str] = {
    Sense.AVAILABLE: """
        en: available free unused unassigned spare spares idle unlinked vacant unallocated unoccupied avl avbl
        en: linked-to-nobody linked-to-no-one assigned-to-nobody no-assistant without-assistant
        en: unconnected disconnected unhooked unattached detached
        en: for-a-new-assistant for-the-new-assistant for-new-assistant for-a-new-bot for-the-new-bot for-new-bot
        en: to-a-new-bot to-a-new-assistant give-to-a-new-bot
        nl: voor-een-nieuwe-assistent voor-de-nieuwe-assistent voor-nieuwe-assistent voor-een-nieuwe-bot
        nl: voor-de-nieuwe-bot voor-nieuwe-bot
        en: can-still-use we-can-still-use can-still-be-used still-usable still-to-use
        en: we-dont-use we-do-not-use dont-use not-using we-are-not-using were-not-using nobody-uses no-one-uses
        nl: gebruiken-we-niet gebruiken-niet we-niet-gebruiken niet-gebruiken wordt-niet-gebruikt worden-niet-gebruikt
        en: just-sitting-there sitting-there sitting-around lying-around on-the-market still-on-the-market
        nl: nog-te-halen nog-te-pakken
        nl: nog-te-gebruiken kunnen-we-nog-gebruiken kan-ik-nog-gebruiken nog-bruikbaar nog-over heb-je-nog-over
        nl: gekoppeld-aan-niemand aan-niemand-gekoppeld geen-assistent zonder-assistent geen-koppeling zonder-koppeling
        nl: geen-koppelingen
        en: no-link no-links no-connection without-link without-a-link
        en: nobody-answers no-one-answers nobody-picks-up no-one-picks-up
        nl: niemand-neemt-op niemand-neemt-ze-op niemand-erop niemand-op niemand-gebruikt niemand-heeft
        nl: hangen-zonder-assistent hangt-zonder-assistent hangen-aan-niemand hangt-aan-niemand zonder-iemand
        en: without-anyone without-anybody without-someone without-somebody
        en: nobody-uses no-one-uses noone-uses nobody-is-using nobody-using
        en: nobody-on-them nobody-on-it no-one-on-them no-one-on-it noone-on-them
        both: open
        nl: vrij vrije beschikbaar beschikbare ongebruikt ongebruikte ongekoppeld ongekoppelde onbezet onbezette leeg
        nl: lege nog-over over-zijn resterend resterende
        en: what-is-left is-left are-left still-left left-over leftover remaining up-for-grabs for-grabs
        en: can-i-grab can-i-still-grab can-we-grab can-we-still-grab still-grab to-grab can-i-still-use
        en: can-we-still-use can-i-still-take
        nl: kan-ik-nog-pakken kan-ik-pakken nog-pakken kunnen-we-nog-pakken kan-ik-nog-gebruiken
        nl: kunnen-we-nog-gebruiken nog-te-pakken nog-te-krijgen
        nl: bij-niemand-horen bij-niemand-hoort horen-bij-niemand hoort-bij-niemand van-niemand-zijn
        en: unclaimed unowned ownerless without-owner without-an-owner no-owner not-spoken-for
        nl: zonder-eigenaar geen-eigenaar eigenaarloos onbeheerd
        en: dormant going-spare goin-spare lying-around laying-around loose on-the-shelf gathering-dust
        nl: op-de-plank ligt-op-de-plank liggen-op-de-plank nog-op-de-plank los zonder-baasje geen-baasje
        nl: nog-te-vergeven niet-vergeven onvergeven te-vergeven slapende-nummers liggen-te-verstoffen
        nl: ligt-te-verstoffen te-verstoffen losse
        en: collecting-dust up-for-the-taking for-the-taking vacancies vacancy vacant-ones going-begging unmanned
        en: inactive
        nl: onbemand onbemande onbenut onbenutte inactief inactieve ongebonden niet-toegekend iets-pakken
        nl: nog-iets-pakken zonder-bot zonder-een-bot ligt-er-nog-klaar nog-klaar klaar-liggen liggen-klaar ligt-klaar
        nl: in-de-aanbieding
        en: untouched ready-to-hand-out to-hand-out ready-to-go empty empty-slots open-for-assignment in-stock
        en: in-the-drawer orphaned give-away still-give-away free-floating
        nl: nog-niet-weg niemand-achter waar-niemand-achter-zit
        nl: liggen-stil ligt-stil weggeven nog-weggeven nog-uitgeven
        nl: op-voorraad uitdelen uit-te-delen nog-uit-te-delen te-pakken vrij-te-pakken wachten-op-een-eigenaar
        nl: wacht-op-een-eigenaar te-wachten-op-een-eigenaar
        nl: stof-te-vangen stof-vangen hangt-nergens-aan hangen-nergens-aan nergens-aan-gekoppeld nergens-aan
        nl: nergens-aan-hangen nergens-aan-hangt nergens-aan-verbonden nergens-aan-zitten nergens-aan-zit
        nl: nergens-aan-vast nergens-aan-vast-zitten nergens-aan-vastzitten nergens-aan-vast-zit
        nl: te-krijgen
        nl: zonder-baas geen-baas nog-te-krijgen
        en: untaken un-assigned unbound unrouted not-routed parked in-reserve in-the-pool ready-to-use ready-for-use
        en: ready-to-assign can-be-assigned assignable not-doing-anything doing-nothing nothing-answers
        en: that-nothing-answers pointing-nowhere not-pointed-at-anything up-for-assignment ours-to-give-out
        en: freely-available open-slots not-in-production
        nl: loshangend loshangende waar-niemand-opneemt waar-geen-assistent-opneemt waar-niks-op-draait overgebleven
        nl: overgebleven in-de-pool liggen-te-niksen staan-te-niksen ligt-te-niksen staat-te-niksen stil-liggend
        nl: stilliggend slapend slapende vrij-te-gebruiken klaar-voor-gebruik inzetbaar
        nl: inzetbare direct-inzetbaar nog-in-te-zetten nog-te-koppelen te-koppelen kan-nog-gekoppeld-worden
        nl: maagdelijk nog-maagdelijk ongeclaimd ongeclaimde vrij-liggend vrijliggend vrijgekomen vrijgegeven
        nl: beschikbaar-voor-toewijzing niet-ingedeeld niet-gerouteerd ongerouteerd weer-vrij weer-beschikbaar
        en: can-still-assign can-assign still-to-assign left-to-assign to-assign not-yet-assigned no-bot-yet
        en: could-hand-out can-hand-out we-could-hand-out to-give-out could-give-out snapped-up-by-nobody untouched
        nl: onaangeroerd onaangeroerde werkloos werkloze wat-is-er-over is-er-over er-over nog-over-in reserve
        nl: reservenummers reserve-nummers kan-nog-uitgegeven-worden nog-uitgegeven-worden kan-er-nog-uitgegeven-worden
        nl: nog-iemand-een-nummer-geven iemand-een-nummer-geven een-beetje-bij-liggen maar-een-beetje-bij-liggen
        nl: bij-liggen liggen-erbij liggen-er-maar-bij hangen-nergens-aan-vast hangt-nergens-aan-vast
        en: fair-game free-real-estate without-home without-a-home with-no-home warming-the-bench on-the-bench
        en: in-its-wrapper in-the-wrapper in-their-wrapper still-in-the-wrapper no-takers looking-for-an-owner
        en: looking-for-a-home looking-for-a-bot in-the-pot left-in-the-pot lying-fallow twiddling
        en: twiddling-their-thumbs gone-unused going-unused nobody-is-minding nobody-minding lacking-an-assistant
        en: lacking-a-bot without-takers unspoken-for up-for-adoption
        nl: zonder-baasje-rond loopt-zonder-baasje op-de-reservebank reservebank niet-op-naam-van-een-bot
        nl: nog-niet-op-naam nog-niet-op-naam-van op-een-eigenaar-wachten op-een-eigenaar-wacht wachten-op-een-bot
        nl: waar-nog-geen-hond-aan-heeft-gezeten geen-hond-aan-gezeten voor-het-grijpen ongemoeid ongemoeide
        nl: staan-leeg staat-leeg liggen-braak ligt-braak nog-in-de-verpakking in-de-verpakking
        nl: aan-een-nieuwe-bot-geven aan-een-nieuwe-bot-hangen aan-een-nieuwe-bot-kan-hangen kan-nog-geven
        en: botless bot-less waiting-for-a-bot waiting-for-an-assistant
        nl: botloos botloze
        nl: in-de-la in-de-lade nog-in-de-la nog-in-de-lade doen-niks doet-niks doen-nog-niks doet-nog-niks doen-niets
        nl: doet-niets doen-nog-niets doet-nog-niets geen-bot-op nog-geen-bot zit-geen-bot zit-nog-geen-bot""",
    Sense.LINKED: """
        en: linked taken used in-use assigned busy occupied allocated unavailable attached connected
        nl: gekoppeld gekoppelde bezet bezette in-gebruik toegewezen gebruikt gebruikte verbonden
        en: assigned-to-anyone linked-to-anyone attached-to-anyone assigned-to-anybody linked-to-anybody
        nl: gekoppeld-aan-iemand toegewezen-aan-iemand gebruiken
        en: uses using hooked hooked-up plugged-in wired-up routed linked-up belonging belonging-to
        nl: horen-bij hoort-bij bij-horen bij-hoort behoren-tot
        nl: aangesloten hangt hangen koppeling koppelingen
        nl: aan-vast vastgekoppeld vastgekoppelde al-weg al-vergeven al-uitgegeven
        en: gone already-gone put-to-work
        en: linked-to-sth linked-to-something attached-to-sth attached-to-something assigned-to-sth
        en: assigned-to-something connected-to-sth connected-to-something hooked-to-something
        nl: gekoppeld-aan-iets vast-aan-iets
        nl: aan-het-werk aan-t-werk aan-het-werk-gezet
        en: someone-on-them someone-on-it somebody-on-them somebody-on-it anyone-on-them anyone-on-it anybody-on-them
        en: anybody-on-it someone-on-the-line
        nl: iemand-erop iemand-op iemand-aan-gekoppeld iemand-aan
        en: claimed spoken-for owned with-owner with-an-owner
        nl: met-eigenaar geclaimd geclaimde
        en: has-an-owner have-an-owner has-owner have-owners with-owners mapped mapped-to mapped-to-a-bot grabbed
        en: attached-to-something attached-to-sth attached-to-smth bound-to bound
        nl: vergeven heeft-een-baasje hebben-een-baasje een-baasje met-baasje heeft-een-eigenaar in-handen-van
        nl: ingepikt weggegeven uitgegeven niet-meer-te-vergeven
        en: given-away handed-out tied tied-to tied-up somebody-owns someone-owns somebody-has someone-has
        en: a-bot-picks-up bot-picks-up dished-out somebody-own someone-own in-service given-to
        en: in-someones-hands in-somebodys-hands in-someones-use in-somebodys-use claimed-already already-claimed
        en: sitting-on-them sitting-on-it bot-on-them bot-on-it manned in-active-use active someones-on somebodys-on
        en: anyones-on
        nl: bemand bemande actief actieve
        nl: ingenomen al-een-eigenaar een-bot-op zit-een-bot zit-al-een-bot neemt-een-bot-op een-bot-erop
        nl: assistent-erop een-assistent-erop
        nl: al-iemand iemand-heeft iemand-hebben vast-zitten vast-zit aan-vast-zitten
        en: attached-to-a-bot with-a-bot a-bot-on-it held held-by
        nl: met-een-bot met-een-bot-eraan een-bot-eraan bot-eraan toegekend toegekende gebonden ingeschreven in-dienst
        en: handed-to have-a-bot has-a-bot engaged have-a-handler has-a-handler somebody-behind someone-behind
        nl: aangehaakt al-verdeeld in-beheer in-beheer-bij draaien-bij draait-bij draaien-al-bij draait-al-bij
        en: given-out
        nl: uitgedeeld uitgedeelde een-eigenaar-heeft eigenaar-heeft met-een-eigenaar hebben-een-eigenaar
        en: wired-to-a-bot wired-to-an-assistant pointed-at-an-assistant pointing-to-a-bot pointing-at-a-bot
        en: answered-by-a-bot answered-by-an-assistant with-a-bot-behind-it behind-an-assistant accounted-for are-live
        en: in-production in-play deployed
        nl: toebedeeld toebedeelde ingezet ingezette live-staan staan-live draaiend draaiende gelinkt gelinkte
        nl: waar-een-assistent-opneemt beantwoord-door-een-assistent gekoppeld-aan-een-bot
        nl: gekoppeld-aan-een-assistent in-bedrijf in-handen
        en: snapped-up taken-up picked-off
        en: off-the-market married-to-a-bot married-to married married-off bagged in-harness
        en: have-a-home has-a-home with-a-home on-duty on-duty-for-a-bot staffed-by-a-bot clocked-in
        en: with-a-bot-parked-on-them a-bot-parked-on-them bot-parked
        nl: van-de-markt al-van-de-markt aan-de-man-gebracht aan-de-man op-naam-van-een-bot op-naam-van
        nl: opgepikt opgepakt verhuurd verhuurd-aan getrouwd-met getrouwd hebben-een-bot heeft-een-bot""",
    Sense.LOCAL: """
        en: local locals geographic geographical landline landlines land-line land-lines fixed-line fixed-lines
        en: fixed-numbers fixed-number
        nl: plaatsnummers plaatsnummer plaatselijk plaatselijke
        both: geo
        nl: lokaal lokale geografisch geografische regionaal regionale vaste-lijn vaste-lijnen vast-nummer
        nl: vaste-nummer vaste-nummers vastnet vaste-telefoon vaste-telefoons vast vaste
        en: town-number town-numbers city-number
        en: city-numbers pstn ddi ddis
        en: wired-line wired-lines
        nl: vaste-telefonie vast-toestel stadsnummer
        nl: stadsnummers
        nl: doorkiesnummer doorkiesnummers doorkies """,
    Sense.MOBILE: """
        en: mobile mobiles cell cells cellphone cellphones cell-phone cellular
        both: gsm
        nl: mobiel mobiele mobieltje mobieltjes mobielen
        en: celfones cellfones celphones cellies
        en: sms-capable wireless smartphone-number mbl
        nl: gsmke gsmkes gsm-kes nul-zes zes-nummer zes-nummers mobieltelefoon mobiele-telefoon mobiele-telefoons
        nl: zaktelefoon mobiele-aansluiting mobiele-aansluitingen sms-nummer sms-nummers """,
    Sense.NATIONAL: """
        en: national nationals non-geographic nongeographic non-geo service-numbers service-number service-lines
        en: country-wide nation-wide
        en: freecall
        nl: betaald-nummer betaalde-nummers landelijk-bereikbaar
        nl: landsdekkend landsdekkende nul-achthonderd achthonderd-nummer achthonderd-nummers
        nl: servicenummers servicenummer service-nummers
        nl: nationaal nationale landelijk landelijke niet-geografisch niet-geografische""",
    Sense.COUNT: """
        en: how-many how-much count counts number-of total totals amount
        nl: hoeveel hoe-veel aantal totaal het-aantal tel-ze aantallen tellen telling tel-de tel-even tel-eens
        en: nr-of no-of num-of nbr-of nrs-of tally tally-of
        nl: aantal-van
        en: headcount head-count just-the-count only-the-count
        nl: alleen-het-aantal enkel-het-aantal welk-deel welk-stuk welk-gedeelte teller de-teller
        en: which-part what-part what-share what-portion
        en: quantity quantity-of qty cnt
        nl: hvl hoevl hoevuul hoeveelheid de-hoeveelheid tellerstand
        nl: totalen""",
    Sense.STATS: """
        en: stats statistics stat summary summarise summarize overview breakdown inventory big-picture rundown
        en: the-lowdown what-do-we-have what-have-we-got whats-on-the-account what-is-on-the-account
        nl: totaalplaatje totaaloverzicht stand-van-zaken hoe-staan-we-ervoor hoe-staat-het-ervoor
        en: overall where-are-we-at numbers-wise at-a-glance
        nl: overzichtje kort-overzicht kort-overzichtje in-grote-lijnen totaalbeeld
        nl: hoe-staat-het-account-ervoor hoe-staat-het-account-er-voor
        nl: overzicht samenvatting statistieken statistiek""",
    Sense.LIST: """
        en: list all everything every all-of-them whole-list full-list complete-list entire-list the-lot whole-lot dump
        nl: alle alles lijst allemaal lijstje hele-lijst volledige-lijst complete-lijst
        en: we-own do-we-own we-have-got whole-account entire-account
        nl: hele-account heel-het-account
        nl: we-bezitten bezitten-we wat-we-bezitten in-bezit
        en: whole-inventory entire-inventory whole-stock entire-stock pull-up
        en: fetch bring-up display spit-out enumerate run-down lay-out shw lst sho
        nl: opsomming som-op zet-op-een-rij stuur stuur-me stuur-even vind waar-vind-ik es-zien eens-zien
        en: linked-or-not taken-or-not free-or-not used-or-not in-use-or-not assigned-or-not available-or-not
        en: linked-or-unlinked taken-or-free free-or-taken bot-or-no-bot with-or-without-a-bot
        nl: met-of-zonder-bot met-of-zonder-assistent
        nl: gekoppeld-of-niet bezet-of-niet vrij-of-niet in-gebruik-of-niet vrij-of-bezet bezet-of-vrij
        nl: hele-voorraad de-hele-voorraad hele-bestand volledige-voorraad""",
    Sense.LOOKUP: """
        en: find who whose lookup look-up search owns owner belongs belong which-assistant what-assistant
        nl: zoek zoeken wie van-wie welke-assistent opzoeken eigenaar""",
    Sense.SHARED: """
        en: shared default defaults share shares sharing other-accounts several-accounts multiple-accounts
        en: other-customers
        nl: gedeeld gedeelde standaard delen deelt andere-accounts meerdere-accounts andere-klanten
        nl: iedere-flireo-klant elke-flireo-klant alle-flireo-klanten
        en: every-flireo-customer all-flireo-customers
        en: all-tenants-share every-tenant-shares tenants-share all-accounts-share
        en: every-account-shares stock-numbers
        en: all-flireo-customers-have-in-common
        nl: gemeen-hebben-alle-klanten
        nl: alle-klanten-gemeen gemeen-hebben default-nummers standaardnummers""",
    Sense.REFRESH: """
        en: refresh reload fresh refetch up-to-date latest update sync resync force-refresh
        nl: ververs vernieuw verversen vernieuwen actueel actuele opnieuw bijwerken ophalen haal-op haal-opnieuw-op
        nl: haal-alles-opnieuw-op haal-alles-op alles-opnieuw-ophalen opnieuw-ophalen haal-alles-vers-op haal-vers-op
        nl: vers-ophalen
        en: pull-it-again pull-again fetch-again fetch-it-again get-it-again
        en: new-copy a-new-copy fresh-copy fresh-data fresh-pull re-pull repull
        nl: vers-binnen trek-vers-binnen verse-data verse-gegevens verse-lijst nieuwe-kopie""",
    Sense.HELP: """
        en: help halp usage commands examples what-can-you-do how-does-this-work how-do-i-use-this what-do-you-do
        en: how-does-it-work how-do-i-use how-to-use how-does-this-bot-work what-can-i-ask manual
        nl: hulp hoe-werkt-dit hoe-werkt-het hoe-werkt wat-kun-je wat-kan-je wat-kun-je-doen uitleg hoe-gebruik-ik
        nl: wat-kan-ik-vragen handleiding
        en: walk-me-through walk-me-through-it show-me-around how-do-i-start getting-started
        nl: leg-uit leg-me-uit leg-me-even-uit wat-ik-hier-mee-kan wat-kan-ik-hiermee wat-kan-ik-hier-mee
        en: what-do-i-type what-should-i-type which-questions-you-understand what-questions-you-understand
        en: which-questions-do-you-understand never-touched-this-bot
        nl: geef-eens-voorbeelden geef-voorbeelden voorbeelden welke-soorten-vragen welke-vragen-kun-je-beantwoorden
        nl: ik-snap-niks-van-dit-ding wat-moet-ik-typen""",
    Sense.BUYABLE: """
        en: buyable purchasable buy purchase for-sale
        nl: te-koop kopen koop aanschaffen kopen-we""",
    Sense.ORDERS: """
        en: order orders ordered
        nl: bestelling bestellingen besteld bestel""",
    Sense.PENDING: """
        en: pending waiting
        nl: lopend lopende lopen in-behandeling""",
    Sense.SUCCESS: """
        en: success successful succeeded completed
        nl: gelukt gelukte geslaagd geslaagde voltooid voltooide""",
    Sense.FAILED: """
        en: failed failure failures
        nl: mislukt mislukte""",
    Sense.NEGATION: """
        en: not non arent isnt aint dont doesnt wasnt werent nor neither no-longer not-anymore not-any-more
        nl: niet noch niet-meer niet-langer nooit nie
        en: never not-yet""",
    Sense.NOBODY: """
        en: nobody no-one noone no-body by-nobody by-no-one no-bot no-assistant-has
        nl: niemand door-niemand geen-bot geen-enkele-bot geen-enkele-assistent""",
    Sense.NOTHING: """
        en: nothing nowhere
        nl: niets niks nergens""",
    Sense.NONE_OF: """
        nl: geen geen-enkele nul niks-meer niets-meer
        en: no not-a-single not-one none none-of zero""",
    Sense.FRAGMENT_MARK: """
        en: containing contain contains with-in in-them in-it inside include includes including anywhere somewhere
        en: in-the-number in-the-numbers in-the-middle somewhere-in-the-middle
        nl: in-het-midden middenin ergens-in-het-midden komt-erin-voor erin-voor
        nl: in-het-nummer in-de-nummers
        en: sequence appears appear appearing matching match matches the-digits digits-of with-the-digits
        nl: bevat bevatten erin in-zit in-zitten in-staat in-staan in-voorkomt in-voorkomen voorkomt voorkomen
        nl: waarin daarin de-cijfers met-de-cijfers cijferreeks""",
    Sense.SUFFIX_MARK: """
        en: ending end ends ending-in ending-with ends-in ends-with ending-on at-the-end last-digits as-last-digits
        en: at-the-very-end very-end right-at-the-end tail-end at-the-tail-end at-the-tail
        nl: helemaal-aan-het-eind helemaal-achteraan
        nl: als-laatste-cijfers laatste-cijfers de-laatste-cijfers als-laatste
        nl: aan-het-eind aan-het-einde op-het-eind op-het-einde achteraan eind einde eind-van-het-nummer
        nl: eind-van-t-nummer einde-van-het-nummer aan-t-eind op-t-eind
        nl: eindigend eindigt eindigen eindigend-op eindigen-op eindigt-op eindigend-met eindigt-met uitkomt uitkomen
        nl: laatste-vier laatste-vier-cijfers laatste-4 laatste-4-cijfers
        en: last-four last-4 last-four-digits last-4-digits last-four-are last-4-are""",
    Sense.PREFIX_MARK: """
        en: starting start starts begin begins beginning starting-with start-with starts-with beginning-with
        nl: beginnend begint beginnen starten start-met begint-met beginnend-met beginnen-met starten-met
        en: in-front at-the-front up-front at-the-start at-the-beginning
        en: area-code area-codes areacode dial-code with-area-code in-area-code
        nl: vooraan voorop aan-het-begin aan-t-begin aan-het-begin-van-het-nummer""",
    Sense.CODE_MARK: """
        both: sip http https status code codes
        en: error errors response returned
        nl: fout fouten foutcode
        both: ticket tickets incident inc jira case ref
        nl: zaak zaaknummer melding storingsnummer""",
    Sense.EXCLUDE: """
        en: except excluding exclude excluded excl outside besides other-than but-not apart-from without minus
        en: skip skipping omit omitting omitted leave-out leaving-out not-including
        en: dont-belong-to that-dont-belong-to do-not-belong-to not-belonging-to doesnt-belong-to not-owned-by
        nl: niet-van die-niet-van-zijn horen-niet-bij hoort-niet-bij niet-behorend-tot
        nl: behalve buiten zonder exclusief uitgezonderd sla overslaan met-uitzondering-van muv na
        en: drop dropping leave-off not-counting-the not-counting
        nl: alles-op-de-rest-na
        en: do-not-need dont-need no-need-for forget forget-about ignore not-bothered-about not-interested-in
        en: ignoring disregarding disregard
        nl: vergeet andere-plaatsen-dan andere-steden-dan anders-dan andere-dan
        nl: elders-dan
        en: other-places-than other-towns-than other-cities-than elsewhere-than towns-other-than places-other-than
        en: cities-other-than save-for sans nothing-in nothing-from wo away-from nothing-of none-from aside-from
        en: never-mind nevermind not-interested rather-not
        nl: niks-van niets-van weg-van liever-geen min
        nl: niks-in niets-in niks-uit niets-uit
        en: bar ditch lose-the scrap-the toss-the chuck-the get-rid-of filter-out cross-off
        nl: afgezien-van los-van
        nl: behoudens weg-met haal-weg
        en: w-out instead-of rather-than
        en: hold-back holding-back keep-back dont-live-in do-not-live-in dont-live doesnt-live-in not-living-in
        nl: in-plaats-van i-p-v ipv
        nl: negeer negeer-de""",
    Sense.PLACE_MARK: """
        both: in
        en: at near around
        nl: te bij rond uit""",
    Sense.ASSISTANT_MARK: """
        en: assistant assistants
        both: agent agents
        nl: assistent assistenten
        en: a-bot some-bot some-bots any-bot
        nl: een-bot""",
    Sense.LINKED_TO: """
        en: linked-to linked-with assigned-to attached-to
        nl: gekoppeld-aan toegewezen-aan""",
    Sense.PER_ASSISTANT: """
        en: per-assistant per-assistants by-assistant by-assistants each-assistant for-each-assistant per-agent
        en: by-agent
        nl: per-assistent per-assistenten elke-assistent voor-elke-assistent
        en: which-assistants what-assistants list-assistants list-of-assistants
        nl: welke-assistenten lijst-assistenten lijst-van-assistenten
        en: which-assistant-has-the-most which-assistant-has-most what-assistant-has-the-most top-assistants
        en: which-assistants-have-the-most
        nl: welke-assistent-heeft-de-meeste welke-assistent-heeft-het-meeste welke-assistenten-hebben-de-meeste""",
    Sense.PER_PLACE: """
        en: per-place per-places per-city per-cities per-town per-locality per-location per-region by-place by-city
        en: by-town by-locality by-location by-region each-city each-place for-each-city for-each-place
        nl: per-stad per-plaats per-plek per-regio per-locatie per-gemeente per-woonplaats elke-stad elke-plaats
        nl: voor-elke-stad
        en: which-places which-cities what-places what-cities which-locations which-towns what-towns
        en: what-locations which-villages what-villages
        nl: welke-plaatsen welke-steden welke-locaties welke-dorpen welke-plekken welke-gemeenten welke-gemeentes
        nl: welke-woonplaatsen
        en: which-city-has-the-most which-place-has-the-most which-town-has-the-most which-cities-have-the-most
        nl: welke-plaats-heeft-de-meeste welke-stad-heeft-de-meeste welke-plaats-heeft-het-meeste""",
    Sense.PER_TYPE: """
        both: per-type
        en: per-types by-type by-types each-type for-each-type per-number-type by-number-type
        nl: per-soort elk-type elke-soort""",
    Sense.FILLER: """
        en: a about also an and any anything are be been being but by can could currently did do does for from get
        en: give got has have hey hi hello i if it its just left let my need now on one ones only or our ours
        both: is me of u we ok okay bot team
        en: pick-up picks-up picking-up pick-it-up
        en: bots range block series
        nl: reeks blok serie cijfers cijfer
        nl: over-de-hele-linie over-de-hele-lijn
        en: whole area region his her their
        nl: hun haar zich netnummer kengetal
        nl: vast-nog vast-wel vast-al zijn-vast is-vast zit-vast zitten-vast zat-vast zaten-vast
        nl: hele gebied regio
        en: n feel-free spare-me out-of-curiosity by-the-way whatever whatevers whichever both
        nl: voel-je-vrij uit-nieuwsgierigheid vrij-snel vrij-weinig vrij-veel vrij-kort vrij-lang vrij-druk
        nl: vrij-dringend
        en: please rn right see show so some still tell thanks thx that the their them then there these they
        en: this those to ur us want was were what whats where wheres which with would yo you your urgent
        both: pls plz thx asap zsm
        nl: hoort-daarbij hoort-erbij hoort-daar-bij hoorde-daarbij
        en: or-not or-what doesnt-matter-where does-not-matter-where doesnt-matter no-matter-where
        nl: maakt-niet-uit-waar maakt-niet-uit maakt-me-niet-uit-waar maakt-me-niet-uit
        nl: of-niet of-nie
        nl: laat-maar-zien laat-ze-maar-zien laat-maar-eens-zien laat-eens-zien laat-ze-eens-zien maar-zien
        en: never-used-it never-used-this never-used-you never-tried-it never-tried-this first-time-using
        en: you-free you-are-free are-you-free i-free i-am-free i-available i-am-available we-busy we-are-busy i-busy
        en: i-am-busy you-busy you-available spare-minute spare-moment spare-sec spare-second spare-time free-time
        en: open-ticket open-tickets open-issue open-incident open-question
        nl: ik-ben-vrij ben-vrij ben-je-vrij ik-ben-bezet ben-bezet vrije-tijd vrij-moment
        en: urgently quick quickly number numbers phone phones lines nums digits digit
        en: got-any any-more more yet
        en: already again ever really guys here like kindly maybe stuff
        en: broken-down split split-up
        nl: uitgesplitst opgesplitst gesplitst
        nl: de het een welke welk wat zijn er nog nummer nummers telefoonnummer telefoonnummers lijnen graag alsjeblieft
        nl: alstublieft aub ajb even mij ons onze wij hebben heeft hebt heb op van voor met die dat en ook nu
        nl: momenteel toon laat zien geef kun kan kunnen je jij jullie hoi hallo hee waar zit zitten staat staan aan
        en: account accounts across between too as-well plus additionally furthermore moreover
        nl: bovendien tevens alsmede evenals vervolgens daarnaast
        nl: eveneens
        en: together combined
        nl: samen bij-elkaar opgeteld
        both: over vs versus
        en: incl
        nl: tegenover
        en: towns cities places locations
        nl: plaatsen steden dorpen locaties
        nl: ergens worden wordt door
        both: nrs nos nbrs nr
        nl: nummertje nummertjes
        en: wich whcih
        nl: naar om al wel hier deze dit mag moet
        nl: iemand iets geven
        en: someone somebody anyone anybody
        en: everywhere everyone everybody
        nl: overal iedereen""",
}
# Leavings out only ever said after what they leave out, whatever follows them ("hou drachten erbuiten, wat is vrij"
# leaves Drachten out of the free numbers, never "vrij"): read as exclusions, put before what they follow
# (bot/reading/word_order.py).
_SAID_AFTER = """
    nl: erbuiten eruit hoef-ik-niet hoeft-niet hoeven-niet hoef-niet hoeven-we-niet hoef-je-niet laat-maar-weg laat-weg
    nl: mag-weg mogen-weg kan-weg kunnen-weg niet-nodig laat-maar-zitten laat-zitten niet-meegerekend niet-meegeteld
    nl: buiten-beschouwing buiten-beschouwing-gelaten laat-maar telt-niet-mee tellen-niet-mee niet-meetellen
    nl: niet-mee-tellen telt-niet tellen-niet hoeft-er-niet-bij laat-je-weg laat-je-maar-weg weglaten
    nl: hoeft-niet-te-zien hoef-ik-niet-te-zien hoeven-niet-te-zien hoef-niet-te-zien hoef-ik-niet-te-hebben
    nl: laat-ik-even-zitten laat-ik-zitten laat-ik-maar-zitten laat-ik-weg laat-ik-even-weg laat-ik-maar-weg
    nl: sla-ik-over sla-ik-even-over
    en: can-go may-go not-needed not-wanted not-included not-counted do-not-count does-not-count dont-count
    en: doesnt-count left-out is-left-out are-left-out aside set-aside put-aside left-aside dropped
    en: are-no-good is-no-good no-good are-no-use is-no-use wont-do will-not-do dont-work-for-us
    nl: niet-meerekenen niet-mee-rekenen valt-af vallen-af valt-weg vallen-weg voldoet-niet
    nl: niet-meegenomen niet-mee-genomen boeien-me-niet boeit-me-niet interesseren-me-niet interesseert-me-niet
    nl: uitgesloten er-niet-bij niet-erbij laten-we-weg laten-we-maar-weg niet-meenemen
    en: can-stay-out can-stay-out-of-it stay-out-of-it
    en: does-not-own do-not-own doesnt-own dont-own
    nl: weggelaten buiten-gelaten
    en: can-be-skipped is-fine-to-skip fine-to-skip filtered-out not-relevant
    en: stripped-off stripped-out strip-off strip-out
    en: dont-bother we-can-ignore can-be-ignored exempt
    en: already-covered do-not-bother
    nl: eraf mag-eruit mogen-eruit genegeerd negeren niet-interessant wil-ik-niet
    nl: liever-niet hoeven-er-niet-bij al-gehad al-gedaan zijn-al-gedaan skippen uitsluiten niet-bedoeld
    nl: laten-we-buiten-beschouwing
    nl: laat-ik-erbuiten laat-ik-er-buiten laat-ik-maar-erbuiten laat-ik-even-erbuiten laten-we-erbuiten
    nl: laten-we-er-buiten hou-ik-erbuiten houd-ik-erbuiten hou-ik-er-buiten houden-we-erbuiten laat-je-erbuiten
    nl: mag-erbuiten mogen-erbuiten kan-erbuiten kunnen-erbuiten mag-eraf mogen-eraf laat-ik-eruit laten-we-eruit
    nl: mag-je-overslaan mag-overslaan kun-je-overslaan kan-je-overslaan laat-ik-buiten-beschouwing eruit-gelaten
    nl: schrappen schrap wil-ik-er-niet-bij wil-ik-niet-erbij even-weggelaten weggelaten-graag mag-je-schrappen
    en: can-do-without we-can-do-without is-irrelevant are-irrelevant irrelevant-here off-the-table
    en: are-off-the-table is-off-the-table
    nl: kun-je-vergeten kan-je-vergeten mag-je-vergeten streep-je-maar-weg streep-je-weg doet-niet-ter-zake
    nl: doen-niet-ter-zake niet-ter-zake mag-je-weglaten kun-je-weglaten reken-ik-niet-mee rekenen-we-niet-mee
    nl: daargelaten buiten-beschouwing-laten"""
# "Everything but X" in any of its forms: a word for all (of the numbers, places or assistants) followed by a word that
# leaves something out is one exclusion (`everywhere but`, `anyone except`, `overal buiten`, `iedereen behalve`), so
# the place or name after it is left out, never asked for (the opposite listing).
_ALL_WORDS = {
    "en": "everything anything all everywhere anywhere everyone anyone everybody anybody all-places every-place",
    "nl": "alles overal iedereen allemaal alle-plaatsen elke-plaats",
}
_LEAVING_OUT = {
    "en": "but except besides other-than apart-from outside not excluding except-for save but-not minus without bar",
    "nl": "behalve buiten zonder maar-niet uitgezonderd min",
}
# Words read before the vocabulary, of change questions (bot/reading/when.py) and watch commands
# (bot/reading/watch_command.py): their language counts too.
CHANGE_WORDS: dict[str, str] = {
    "en": """what has have changed happened whats changes change history diff diffs modified modifications since from
        after today midnight this morning last past minute minutes hour hours day days week weeks yesterday ago
        monday tuesday wednesday thursday friday saturday sunday
        watch watches watching unwatch stop below under fewer less than
        added removed deleted released relinked unlinked got were export exports file""",
    "nl": """wat is er veranderd gewijzigd gebeurd veranderingen verandering wijzigingen wijziging geschiedenis
        aangepast aanpassingen aanpassing sinds sedert vanaf na vandaag middernacht vanochtend vanmorgen afgelopen
        laatste voorbije minuut minuten uur uren dag dagen weken gisteren geleden maandag dinsdag woensdag donderdag
        vrijdag zaterdag zondag
        volg bewaak ontvolg bewakingen onder minder dan
        toegevoegd verwijderd omgekoppeld ontkoppeld werd werden exporteer exporteren exporteert bestand""",
}


def _tagged(text: str) -> list[tuple[str, str]]:
    """(phrase, language) for each word of tagged lines: `en: free spare` → (free, en), (spare, en)."""
    pairs = []
    for line in text.strip().splitlines():
        tag, _, words = line.partition(":")
        pairs += [(phrase.replace("-", " "), tag.strip()) for phrase in words.split()]
    return pairs


def _phrases() -> tuple[dict[str, Sense], dict[str, str]]:
    table: dict[str, Sense] = {}
    languages: dict[str, str] = {}
    for sense, text in _WORDS.items():
        for phrase, language in _tagged(text):
            table.setdefault(phrase, sense)
            languages.setdefault(phrase, language)
    for phrase, language in _tagged(_SAID_AFTER):
        table.setdefault(phrase, Sense.EXCLUDE)
        languages.setdefault(phrase, language)
    for language, words in _ALL_WORDS.items():
        for every in words.split():
            for but in _LEAVING_OUT[language].split():
                phrase = f"{every} {but}".replace("-", " ")
                table.setdefault(phrase, Sense.EXCLUDE)
                languages.setdefault(phrase, language)
    for language, text in CHANGE_WORDS.items():
        for word in text.split():
            languages.setdefault(word, language)
    return table, languages


# Folded phrase → sense. "in use" is one phrase (linked); "not" before it is read as negation.
# Folded phrase → its language: "en", "nl", or "both" (a word the same in either says nothing of the language).
PHRASES, PHRASE_LANGUAGES = _phrases()
# The phrases of _SAID_AFTER, as the reader's items spell them ("laat maar weg").
SAID_AFTER_EXCLUSIONS = frozenset(phrase for phrase, _ in _tagged(_SAID_AFTER))
LONGEST_PHRASE = max(len(phrase.split()) for phrase in PHRASES)
