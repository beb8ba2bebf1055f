"""What an answer found, before it is rendered: below both the answers that make it and the views that show it."""
