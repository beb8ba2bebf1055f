"""The Flireo API: the client, its models, the request budget, demo data and the extras' catalog."""
