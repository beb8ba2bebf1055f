"""Answering questions: from a query and a snapshot to an answer, and the service every surface calls."""
