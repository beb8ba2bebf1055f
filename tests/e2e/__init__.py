"""End-to-end tests: the real `python app.py` against loopback fakes of Slack and Flireo."""
