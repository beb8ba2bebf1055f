"""Every import in bot/ points down the layers: a module never imports from a layer above its own."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# The layers of bot/, bottom first. A module belongs to the layer of the longest prefix that names it, and may
# import from its own layer and the layers below. handlers/ (the Slack layer) and app.py sit above all of them.
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("runtime", ("bot.runtime", "bot.tls")),
    ("i18n", ("bot.i18n",)),
    ("errors", ("bot.errors",)),
    ("ops: settings, logs, audit, guards, workers, ports", ("bot.ops",)),
    # The reader is a pure parser of text: it needs no account, so the index can fold names as it does.
    ("reading", ("bot.reading",)),
    ("flireo", ("bot.flireo",)),
    ("inventory, its store and the coordination between replicas", ("bot.inventory",)),
    ("answer types", ("bot.results",)),
    ("replies (the views)", ("bot.replies",)),
    ("answers (the service)", ("bot.answers",)),
    ("console", ("bot.console",)),
    ("assembly and monitoring", ("bot.container", "bot.warmup", "bot.monitoring")),
)

# Imports allowed to run up the layers, as (importer, imported): none. One listed here while a move is under way
# must happen, or the test fails, so the list stays the truth.
KNOWN_VIOLATIONS: frozenset[tuple[str, str]] = frozenset()

# Bolt belongs to handlers/; the domain builds Block Kit with slack_sdk's models but never touches the app, the
# Slack layer or the entry point.
FORBIDDEN_IN_BOT = ("slack_bolt", "handlers", "app")


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(path): path for path in sorted((ROOT / "bot").rglob("*.py"))}


def _layer_of(module: str) -> int | None:
    """The index in LAYERS of the longest prefix naming `module`, or None if no layer names it."""
    if module == "bot":  # the package itself: only its Python version check, below everything
        return 0
    best: tuple[int, int] | None = None  # (prefix length, layer index)
    for index, (_name, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and (best is None or len(prefix) > best[0]):
                best = (len(prefix), index)
    return None if best is None else best[1]


def _imports(module: str, path: Path, known: set[str]) -> set[str]:
    """The modules `module` imports, anywhere in its file (type-checking and function-level imports too)."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            # `from bot.ops import audit` imports the module bot.ops.audit, not the package.
            found.update(f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names)
    return found


def _upward_imports() -> set[tuple[str, str]]:
    modules = _modules()
    upward: set[tuple[str, str]] = set()
    for module, path in modules.items():
        own = _layer_of(module)
        for imported in _imports(module, path, set(modules)):
            theirs = _layer_of(imported) if imported.startswith("bot") else None
            if own is not None and theirs is not None and theirs > own:
                upward.add((module, imported))
    return upward


def test_every_module_in_bot_belongs_to_a_layer() -> None:
    assert [module for module in _modules() if _layer_of(module) is None] == []


def test_no_import_runs_up_the_layers_beyond_the_known_ones() -> None:
    new = sorted(_upward_imports() - KNOWN_VIOLATIONS)
    assert new == [], "these imports run up the layers: " + ", ".join(f"{a} -> {b}" for a, b in new)


def test_every_known_violation_still_happens_so_the_list_stays_true() -> None:
    fixed = sorted(KNOWN_VIOLATIONS - _upward_imports())
    assert fixed == [], "fixed: remove from KNOWN_VIOLATIONS: " + ", ".join(f"{a} -> {b}" for a, b in fixed)


def test_bot_never_imports_bolt_the_slack_layer_or_the_entry_point() -> None:
    modules = _modules()
    bolted = sorted(
        (module, imported)
        for module, path in modules.items()
        for imported in _imports(module, path, set(modules))
        if imported.split(".")[0] in FORBIDDEN_IN_BOT
    )
    assert bolted == []


def test_the_layer_test_reads_the_imports_it_judges() -> None:
    # Guards against a test that passes because it reads nothing: the service imports the cache, a layer below.
    modules = _modules()
    assert "bot.inventory.cache" in _imports("bot.answers.service", modules["bot.answers.service"], set(modules))
    layers = {module: _layer_of(module) for module in ("bot.answers.service", "bot.inventory.cache")}
    assert layers["bot.answers.service"] is not None
    assert layers["bot.inventory.cache"] is not None
    assert layers["bot.answers.service"] > layers["bot.inventory.cache"]
