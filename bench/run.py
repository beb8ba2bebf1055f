"""`python -m bench.run`: our bot against a naive one on loopback fakes; prints the table for the README.

Both bots run as real HTTP processes (`python app.py` and `python -m bench.naive_bot`) against an in-process
Flireo fake with a per-request latency and a Slack fake that records when each `response_url` reply arrives.
A command's time is from its signed POST to its reply. Ratios (ours / naive) are what carry over between machines.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from bench.harness import REPO_ROOT
from bench.report import machine, table
from bench.scenarios import SCENARIOS, Bench, Config
from tests.fakes import _server
from tests.fakes.slack import SlackFake


def _tune_fakes() -> None:
    """Make the loopback fakes behave like the real services under a burst, and keep their output quiet.

    socketserver listens with a backlog of 5: 50 commands answered at once overflow it, and a refused
    connection is retried a second later, which would time the fake, not the bot. Slack's and Flireo's own
    servers take far more. A bot stopped between scenarios resets its idle keep-alive connections; the fakes
    need not print that.
    """
    _server._Server.request_queue_size = 256
    report = _server._Server.handle_error

    def handle_error(self: _server._Server, request: object, client_address: object) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            report(self, request, client_address)  # type: ignore[arg-type]

    _server._Server.handle_error = handle_error  # type: ignore[method-assign]


def main(argv: list[str]) -> int:
    """Run every scenario and print the table, the extra figures and any problem (exit 1 on a problem)."""
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes: checks the bench runs, not the targets")
    parser.add_argument("--logs", type=Path, help="keep the bots' logs here (default: a temporary directory)")
    parser.add_argument("--only", nargs="+", choices=sorted(SCENARIOS), help="run only these scenarios")
    args = parser.parse_args(argv)
    if (REPO_ROOT / ".env").exists():
        print(f"note: {REPO_ROOT / '.env'} exists and our bot reads it; it may change the figures", file=sys.stderr)
    config = Config.quick() if args.quick else Config()
    _tune_fakes()
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="numbers-bench-") as tmp, SlackFake() as slack:
        logs = args.logs or Path(tmp)
        logs.mkdir(parents=True, exist_ok=True)
        results = Bench(config, slack, logs).run(set(args.only) if args.only else None)
    print(f"Machine: {machine()}")
    print(f"Upstream: loopback Flireo fake, {config.latency * 1000:.0f} ms per request; ratio = ours / naive.\n")
    print(table(results))
    print()
    for extra in results.extras:
        print(f"- {extra}")
    print(f"\nBench took {time.monotonic() - started:.0f} s.")
    for problem in results.problems:
        print(f"PROBLEM: {problem}", file=sys.stderr)
    return 1 if results.problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
