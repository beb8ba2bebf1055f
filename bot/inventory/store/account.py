"""The store belongs to the account, not the key: whose numbers a stored reading holds, compared by their ids.

A store written with another key is served only once the first reading shows the same account (most of the
stored numbers' ids are in it: a rotated key); one whose numbers are another account's is never served as this one.
"""

from __future__ import annotations

from bot.inventory.snapshot import SnapshotRecord

# Facts the store keeps about itself.
KEY_FACT = "key"  # the fingerprint (a short hash) of the key that last wrote the store, never the key
# A new key's first reading holds at least this share of the stored numbers (of the smaller of the two readings):
# the same account. Numbers come and go between two readings, but not most of them.
SAME_ACCOUNT_SHARE = 0.5


def same_account(stored: SnapshotRecord, fresh: SnapshotRecord) -> bool:
    """Whether two readings are of one account, by their numbers' ids (two empty readings say nothing: yes)."""
    before = {number.id for number in stored.numbers}
    after = {number.id for number in fresh.numbers}
    if not before or not after:
        return True
    return len(before & after) >= SAME_ACCOUNT_SHARE * min(len(before), len(after))
