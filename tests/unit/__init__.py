"""Unit tests: real domain objects, no network, no sleeps as synchronisation."""
