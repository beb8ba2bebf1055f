"""`python -m bench.names_probe long|usual`: answers over 20,000 numbers whose assistant names are long, or usual.

Issue 19: 20,000 assistant names of 200 characters over 5,000 places made `amsterdm free` take 851 ms instead of
7 ms, the first question after a load 4.9 s, the slowest of 20 concurrent questions 4.3 s, and the bot 782 MB
instead of 111 MB. This builds the snapshot (as a fetch would install it), then the reader's names of it, as the
cache's background warm-up does, and answers a mix of questions through the real NumbersService, one by one and
20 at once, in a process of its own so its memory is its own. Prints one JSON line.
"""

from __future__ import annotations

import json
import random
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import app  # noqa: F401  (everything the bot imports, so memory compares with a running bot)
import handlers.runtime  # noqa: F401
from bench.harness import percentile_ms
from bench.scale_probe import _Holder, rss_mb, timed_answers
from bot.answers.service import NumbersService, names_of
from bot.flireo.models import PhoneNumber
from bot.inventory.snapshot import Snapshot, utc_now
from bot.reading.reader import prepare
from bot.runtime.gcpause import make_full_collections_rare

NUMBERS = 20_000
PLACES = 5_000
NAME_CHARS = 200
CONCURRENT = 20
ANSWERS = 300
MIX = [
    "amsterdm free",
    "free numbers in amsterdam",
    "linked rotterdam",
    "vrije nummers utrecht",
    "who has 020 200 0042",
    "mobile available",
    "stats",
    "available local den haag",
    "numbers ending 0042",
    "gekoppeld in rotterdm",
]
_SYLLABLES = ("ka", "ro", "mi", "sen", "dal", "ver", "tor", "lin", "bek", "sto", "an", "uur", "zee", "wolt", "pra")


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4)))


def _records(long: bool) -> list[PhoneNumber]:
    """20,000 local numbers: `long` names each its own assistant of ~200 characters over 5,000 places; else six
    assistants over 16 places, as the fakes' usual data."""
    rng = random.Random(19)
    cities = ["Amsterdam", "Rotterdam", "Utrecht", "Den Haag"]
    places = cities + [f"{_word(rng).title()}{'' if i % 4 else ' aan Zee'}" for i in range(PLACES - len(cities))]
    usual = ["Billing Desk", "Front Desk Amsterdam", "Night Support", "Sales NL", "Rotterdam Reception", "Outbound"]
    records = []
    for i in range(NUMBERS):
        if long:
            words = [rng.choice(("Front Desk", "Billing", "Support", rng.choice(places)))]
            while len(" ".join(words)) < NAME_CHARS:
                words.append(_word(rng).title())
            name, place = " ".join(words)[:NAME_CHARS], places[i % PLACES]
        else:
            name, place = usual[i % len(usual)], places[i % 16]
        records.append(
            PhoneNumber(
                id=f"n{i}",
                phone_number=f"+3120{2_000_000 + i:07d}",
                locality=place,
                number_type="local",
                available=i % 3 == 0,
                linked_assistant={"id": f"a{i}", "name": name} if i % 3 else None,
            )
        )
    return records


def main(argv: list[str]) -> int:
    """Measure and print one JSON object."""
    make_full_collections_rare()  # as app.py does
    records = _records(argv[0] == "long")
    started_rss = rss_mb()
    started = time.perf_counter()
    snapshot = Snapshot(tuple(records), (), utc_now())
    _ = snapshot.index
    prepare(names_of(snapshot.index))  # the cache's warm-up, off any question's path (bot/container.py)
    load = time.perf_counter() - started
    service = NumbersService(_Holder(snapshot), None, page_size=10, region="NL")  # type: ignore[arg-type]
    first = timed_answers(service, MIX, len(MIX))  # each question's first time (stats are counted once a snapshot)
    warm = timed_answers(service, MIX, ANSWERS)
    with ThreadPoolExecutor(CONCURRENT) as pool:
        began = time.perf_counter()
        ends = list(pool.map(lambda q: (service.reply(q), time.perf_counter())[1], MIX * (CONCURRENT // len(MIX))))
    typo = timed_answers(service, ["amsterdm free"], 50)
    figures: dict[str, Any] = {
        "load_seconds": load,
        "first_max_ms": max(first) * 1000,
        "warm_p50_ms": statistics.median(warm) * 1000,
        "warm_p99_ms": percentile_ms(warm, 99),
        "typo_p50_ms": statistics.median(typo) * 1000,
        "slowest_of_20_concurrent_ms": (max(ends) - began) * 1000,
        "rss_mb": rss_mb(),
        "rss_growth_mb": rss_mb() - started_rss,
    }
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
