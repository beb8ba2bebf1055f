"""The numbers domain: Flireo client, inventory cache, query language and Block Kit views (no Bolt here)."""
