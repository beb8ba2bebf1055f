"""Replies: Block Kit views of answers, and the state buttons carry."""
