"""numbers: a Slack bot for the team's Flireo phone numbers. Wires settings → dependencies → Bolt app → mode."""

from __future__ import annotations

import gc

if __name__ == "__main__":
    # Start-up makes a few hundred thousand objects (modules, classes, schemas), none of them garbage, and the
    # collector scanned them again and again while they were made: ~10% of start-up's CPU (issue 22). It is off
    # until start-up is done (bot.runtime.gcpause.start_up_done).
    gc.disable()

import argparse
import json
import logging
import os
import sys
from urllib.parse import urlsplit

from bot.console import buttons, console_banner, run_console
from bot.container import Container, build_container
from bot.i18n.language import Language
from bot.ops.config import Mode, Settings, SettingsError, load_settings
from bot.ops.listen import StartupError, check_free
from bot.ops.logs import configure_logging
from bot.replies.as_text import message_text
from bot.runtime.gcpause import start_up_done
from bot.tls import warm_in_background
from bot.warmup import Warming

EXIT_CONFIG = 2

log = logging.getLogger("numbers")


def secrets_of(settings: Settings) -> list[str]:
    """Every configured secret, so logging can redact it."""
    values = (
        settings.slack_bot_token,
        settings.slack_signing_secret,
        settings.slack_app_token,
        settings.flireo_api_key,
    )
    secrets = [value.get_secret_value() for value in values if value is not None]
    for url in (settings.redis_url, settings.database_url):
        if url and (password := urlsplit(url).password):
            secrets.append(password)
    return secrets


def ask(deps: Container, argv: list[str]) -> int:
    """`python app.py ask [--json] [--lang nl] [--page N] QUERY...`: print one answer; exit 1 when it is an error."""
    parser = argparse.ArgumentParser(prog="app.py ask", description="Print one answer and exit.")
    parser.add_argument("--json", action="store_true", help="print the Block Kit message as JSON")
    parser.add_argument(
        "--lang", choices=[lang.value for lang in Language], help="answer in this language (default: the question's)"
    )
    parser.add_argument("--page", type=int, default=1, metavar="N", help="show page N of a long answer (default 1)")
    parser.add_argument("query", nargs="*", help="a question, e.g. available local amsterdam")
    args = parser.parse_args(argv)
    reply = deps.numbers.reply(" ".join(args.query), lang=Language(args.lang) if args.lang else None)
    if args.page > 1 and (state := next(iter(buttons(reply.message).values()), None)) is not None:
        # The same question at page N, as the Next button would ask it (a page past the last shows the last).
        reply = deps.numbers.reply_to_page(
            state.model_copy(update={"offset": (args.page - 1) * deps.numbers.page_size})
        )
    print_to_pipe(
        json.dumps(reply.message.as_kwargs(), indent=2, ensure_ascii=False)
        if args.json
        else message_text(reply.message, with_keys=False)
    )
    return 0 if reply.ok else 1


def print_to_pipe(text: str) -> None:
    """Print and flush; a reader that stops early (`| head -1`) is no error, so it gets no traceback."""
    try:
        sys.stdout.write(text + "\n")
        sys.stdout.flush()
    except BrokenPipeError:
        # Python flushes stdout again at exit and would fail there too: point it at /dev/null (Python docs, "Note on
        # SIGPIPE" in the signal module).
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def _interactive() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def run(settings: Settings, deps: Container, mode: Mode) -> int:
    """Run in the mode the environment selects."""
    if mode is Mode.CONSOLE:
        banner = console_banner(None if settings.demo else settings.flireo_api_url)
        return run_console(deps.numbers, banner=banner)
    try:  # a port in use is the commonest restart mistake: said first, whatever Slack says after
        for setting, port in _ports(settings, mode):
            check_free(setting, settings.host, port)
    except StartupError as exc:
        print(f"numbers: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    # The first answer's first-use work runs while Bolt is imported and Slack's auth.test is asked (bot.warmup).
    warming = Warming(settings, deps)
    from handlers.runtime import build_app, serve_http, serve_socket_mode, start_failure

    try:
        app = build_app(settings, deps)  # checks the bot token with Slack's auth.test
    except Exception as exc:  # a bad token or an unreachable Slack: one plain line, no traceback
        log.error("could not start: %s", exc)  # the log filter redacts secrets
        print(f"numbers: {start_failure(exc, settings.slack_api_url)}", file=sys.stderr)
        return EXIT_CONFIG
    if mode is Mode.HTTP:  # the bot token is good and the ports are free: the account is read while the rest starts
        deps.start_reading()
    warming.wait()
    start_up_done()
    # Each mode binds its ports, then starts the background work (the stored snapshot answers at once; the poller
    # keeps history without gaps) once it knows it will serve.
    try:
        if mode is Mode.SOCKET:
            if not serve_socket_mode(app, deps):
                print("numbers: Slack did not accept SLACK_APP_TOKEN (see above).", file=sys.stderr)
                return EXIT_CONFIG
        else:
            serve_http(app, deps, settings.port, settings.host)
    except StartupError as exc:  # a port in use, a HOST that is not here: one line, before anything listens
        print(f"numbers: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    return 0


def _ports(settings: Settings, mode: Mode) -> list[tuple[str, int]]:
    """The ports this mode will listen on, by the setting that names each."""
    ports = [("PORT", settings.port)] if mode is Mode.HTTP else []
    return ports + ([("HEALTH_PORT", settings.health_port)] if settings.health_port is not None else [])


USAGE = """usage: python app.py [ask [--json] [--lang en|nl] [--page N] QUESTION...]

The mode comes from the environment (or a .env file in the working directory):
  SLACK_APP_TOKEN + SLACK_BOT_TOKEN               Socket Mode
  SLACK_BOT_TOKEN + SLACK_SIGNING_SECRET          HTTP mode on HOST:PORT (POST /slack/events, GET /healthz, /metrics)
  no Slack tokens, on a terminal                  a console on the same questions (demo data without FLIREO_API_KEY)
  ask QUESTION...                                 print one answer and exit (1 when it is an error)

Every setting is in README.md, "Variables"."""


def main(argv: list[str]) -> int:
    """Entry point."""
    if argv[:1] in (["-h"], ["--help"]):
        print_to_pipe(USAGE)
        return 0
    asking = argv[:1] == ["ask"]
    if argv and not asking:  # `python app.py --port 80` or a typo of `ask`: said, not silently ignored
        print(f"numbers: unknown argument {argv[0]!r}; settings come from the environment\n\n{USAGE}", file=sys.stderr)
        return EXIT_CONFIG
    try:
        settings = load_settings()
        # `ask` needs no Slack: only the other runs are told what their tokens imply.
        mode = Mode.CONSOLE if asking else settings.mode(interactive=_interactive())
    except SettingsError as exc:
        # One line a setting, each naming it and what to do; nothing else (an operator greps for the name).
        print("\n".join(f"numbers: {line}" for line in str(exc).splitlines()), file=sys.stderr)
        return EXIT_CONFIG
    # In a terminal the answers are the output: only warnings and errors may interleave with them.
    quieter = mode is Mode.CONSOLE and logging.getLevelName(settings.log_level) < logging.WARNING
    configure_logging("WARNING" if quieter else settings.log_level, secrets_of(settings))
    if mode is Mode.CONSOLE and settings.health_port is not None:  # set for a deployment, then run by hand
        print("numbers: HEALTH_PORT is not served here: only the Slack modes serve /healthz, /metrics", file=sys.stderr)
    if mode is not Mode.CONSOLE or not settings.demo:  # Slack and Flireo are reached over TLS; demo data is not
        warm_in_background()
    deps = build_container(settings)
    if mode is Mode.CONSOLE:  # the console and `ask`; the Slack modes are done once their app is built
        start_up_done()
    try:
        return ask(deps, argv[1:]) if asking else run(settings, deps, mode)
    finally:
        deps.close()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
