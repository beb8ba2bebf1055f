"""Coordination between replicas through Redis, beside the store it coordinates: who fetches the snapshot,
the shared request budget, the events already seen; each piece falls back to its in-process twin."""
