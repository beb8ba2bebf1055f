"""The inventory: the snapshot of the account's numbers, its search index and the cache that keeps it."""
