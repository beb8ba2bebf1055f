"""Checks of what a setting means, beyond its type: Slack ids and token kinds, regions, a usable data directory.

Each returns the sentence to show after the variable's name, or None when the value is fine. None echoes a value:
tokens are secrets, and an id list is named by position.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

import phonenumbers

# Slack ids are upper-case letters and digits after a one-letter kind (api.slack.com/docs/conversations-api,
# "Conversation types"; users: U, or W on Enterprise Grid). Slack may lengthen them: up to 21 characters here.
_USER_ID = re.compile(r"[UW][A-Z0-9]{1,20}")
_CHANNEL_ID = re.compile(r"[CGD][A-Z0-9]{1,20}")
# Slack token kinds by prefix (api.slack.com/concepts/token-types): which variable each belongs in.
TOKEN_KINDS = {
    "xoxb-": "a bot token (SLACK_BOT_TOKEN)",
    "xapp-": "an app-level token (SLACK_APP_TOKEN)",
    "xoxp-": "a user token (not used by numbers)",
    "xoxe-": "a token rotation credential (not used by numbers)",
}
TOKEN_PREFIXES = {"slack_bot_token": "xoxb-", "slack_app_token": "xapp-"}
_WHERE = {
    "xoxb-": "OAuth & Permissions → Bot User OAuth Token",
    "xapp-": "Basic Information → App-Level Tokens, with the connections:write scope",
}


def token_problem(variable: str, token: str) -> str | None:
    """Why `token` cannot be the token `variable` holds (a wrong kind), naming the kind it is but never the token."""
    wanted = TOKEN_PREFIXES[variable]
    if token.startswith(wanted):
        return None
    kind = next((name for prefix, name in TOKEN_KINDS.items() if token.startswith(prefix)), None)
    this_one = f"this one is {kind}" if kind else f"this one does not start with {wanted}"
    return f"must start with {wanted} ({_WHERE[wanted]}); {this_one}"


def ids_problem(entries: list[str], kind: str) -> str | None:
    """Why an allowlist of Slack ids is malformed: which entry (by position), and what such an id looks like."""
    pattern = _USER_ID if kind == "user" else _CHANNEL_ID
    looks = "U… or W… (e.g. U0123ABCD)" if kind == "user" else "C…, G… or D… (e.g. C0123ABCD)"
    for position, entry in enumerate(entries, start=1):
        if not pattern.fullmatch(entry):
            return (
                f"entry {position} is not a Slack {kind} id: one is {looks}, capital letters and digits; "
                f"copy it from the {'profile' if kind == 'user' else 'channel details'} in Slack"
            )
    return None


def region_problem(region: str) -> str | None:
    """Why `region` is not a region phonenumbers can read national numbers for."""
    if region in phonenumbers.SUPPORTED_REGIONS:
        return None
    return "must be a region code phonenumbers knows (ISO 3166-1 alpha-2), e.g. NL, BE, DE, GB, US"


def data_dir_problem(data_dir: str) -> str | None:
    """Why the history store cannot live in `data_dir`: not a directory, or it cannot be created or written."""
    path = Path(data_dir).expanduser()
    existing = path
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        return f"{existing} is not a directory: set DATA_DIR to a writable directory"
    try:
        # Probe by doing: root passes os.access() everywhere, yet cannot write to /proc or a read-only mount.
        probe = tempfile.mkdtemp(prefix=".numbers-probe-", dir=existing)
        shutil.rmtree(probe, ignore_errors=True)
    except OSError as exc:
        what = "cannot be written" if existing == path else f"cannot be created in {existing}"
        return f"{path} {what} ({os.strerror(exc.errno or 0)}): set DATA_DIR to a writable directory"
    return None
