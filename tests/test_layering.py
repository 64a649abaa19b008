"""Who may import whom: the data path shows in the imports, and nothing reaches across it.

Layers, lowest first: a module may import its own layer and the layers below, never above.
Within bot/pipeline and bot/automation the low-level modules (sending, planning) sit below
what uses them, so the list is by module, not only by package.
"""

import ast
import functools
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

LAYERS = [
    ["db", "bot.config", "bot.thai", "bot.line.events", "bot.line.messages", "bot.line.answers"],
    ["bot.line.gateway", "bot.flows"],
    ["bot.conversation"],
    ["bot.pipeline.statements", "bot.pipeline.pace", "bot.pipeline.photo_scene"],
    ["bot.pipeline.photo_check"],
    ["bot.pipeline.outbox", "bot.pipeline.media"],
    ["bot.automation.planning", "bot.automation.policy"],
    ["bot.producers", "bot.pipeline.senders", "bot.line.rich_menu"],
    ["bot.pipeline.writer", "bot.pipeline.gather"],
    ["bot.pipeline.inbox", "bot.pipeline.dispatcher", "bot.automation"],
    ["bot.line.webhook"],
    ["bot.cli", "staff"],
    ["bot.dev", "app"],
]
# The conversation decides and the flows are pure: no database, no HTTP, no clock of their own.
PURE = ("bot.conversation", "bot.flows")
IMPURE = ("db", "sqlalchemy", "flask", "requests", "urllib3", "linebot")


@functools.cache
def product_modules() -> dict[str, Path]:
    """Return every product module by dotted name (app, bot, db, staff, fakeline)."""
    found = {"app": REPO / "app.py"}
    for package in ("bot", "db", "staff", "fakeline"):
        for path in (REPO / package).rglob("*.py"):
            parts = path.relative_to(REPO).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            found[name] = path
    return found


def imports(path: Path) -> set[str]:
    """Return the modules a file imports (absolute names, at any depth in the file).

    `from bot.pipeline import outbox` imports bot.pipeline.outbox, not the package.
    """
    modules, names = product_modules(), set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                submodule = f"{node.module}.{alias.name}"
                names.add(submodule if submodule in modules else node.module)
    return names


def layer_of(module: str) -> int | None:
    """Return the layer a module belongs to: the longest prefix listed wins."""
    best, found = -1, None
    for number, prefixes in enumerate(LAYERS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > best:
                best, found = len(prefix), number
    return found


def within(module: str, prefixes) -> bool:
    return any(module == p or module.startswith(p + ".") for p in prefixes)


def test_every_product_module_has_a_layer():
    unplaced = [
        name
        for name, path in product_modules().items()
        if not name.startswith("fakeline") and layer_of(name) is None and imports(path)
    ]
    assert unplaced == []


def test_no_module_imports_a_layer_above_its_own():
    modules = product_modules()
    wrong = []
    for name, path in modules.items():
        if name.startswith("fakeline"):
            continue
        own = layer_of(name)
        for imported in imports(path):
            layer = layer_of(imported)
            if imported in modules and layer is not None and layer > own:
                wrong.append(f"{name} imports {imported}")
    assert wrong == []


def test_the_conversation_and_the_flows_are_pure():
    wrong = [
        f"{name} imports {imported}"
        for name, path in product_modules().items()
        if within(name, PURE)
        for imported in imports(path)
        if within(imported, IMPURE)
    ]
    assert wrong == []


def test_only_the_gateway_imports_the_line_sdk():
    importers = {
        name for name, path in product_modules().items() if within_any(imports(path), "linebot")
    }
    assert importers == {"bot.line.gateway"}


def test_only_dev_tools_import_the_fake_line_platform():
    importers = {
        name
        for name, path in product_modules().items()
        if not name.startswith("fakeline") and within_any(imports(path), "fakeline")
    }
    assert importers <= {"bot.dev.simulator", "bot.dev.cli"}


def test_the_fake_line_platform_knows_nothing_of_the_bot():
    wrong = {
        name
        for name, path in product_modules().items()
        if name.startswith("fakeline") and within_any(imports(path), "bot", "db", "app", "staff")
    }
    assert wrong == set()


def test_tests_use_their_support_package_not_conftest_or_benchmarks():
    wrong = [
        path.relative_to(REPO).as_posix()
        for path in (REPO / "tests").rglob("*.py")
        if within_any(imports(path), "tests.conftest", "bench", "conftest")
    ]
    assert wrong == []


def within_any(names, *prefixes) -> bool:
    return any(within(name, prefixes) for name in names)
