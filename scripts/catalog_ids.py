"""Find the message ids the sources use, for ``addrgen/locale/messages.pot``.

An id is found, by reading the sources with :mod:`ast` (nothing is imported), where it is:

- the code of an error of the core's tree: the first argument of a class derived from
  ``DiachisoError`` (found by name, through the class definitions), or wherever that class's own
  ``__init__`` takes its ``code``; a class that always raises one code (``super().__init__(
  "output.exists")``, or ``f"code.{reason}"`` over a ``Literal`` of reasons) yields it at its
  definition;
- the ``code`` of a ``Problem(...)`` (an import report line);
- an argument given for a parameter named ``code`` of any function or dataclass defined in the
  sources (helpers such as ``reject(i, field, value, code)``), when it looks like an id;
- the first argument of ``t(...)``, ``message(...)`` and ``N_(...)`` (see :mod:`addrgen.catalog`);
- any string that is already an id of the catalog, wherever it is written: a code kept in a table
  or a variable before it reaches an error stays in the template (``N_()`` marks a new one).

:func:`extract_ids` is a Babel extraction method (``babel.cfg`` maps the packages to it);
:func:`scan` gives every finding with its place, including sentences still passed where a code
belongs (the tests name them).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import IO, Any

from babel.messages.pofile import read_po

from addrgen.catalog import CODE_PATTERN, LANGUAGES, LOCALE_DIR, po_path

__all__ = ["ROOT", "SOURCES", "Context", "Found", "context", "extract_ids", "scan", "scan_file"]

ROOT = Path(__file__).resolve().parents[1]
#: The packages whose sources are read.
SOURCES = ("addrgen", "gis", "plates", "api")
CODE = re.compile(CODE_PATTERN)
#: Calls whose first argument is an id: the faces' lookup (the CLI's `run.tell` says one), the
#: catalog's, the marker.
KEYWORDS = frozenset({"t", "message", "N_", "tell"})
BASE_ERROR = "DiachisoError"


@dataclass(frozen=True)
class Found:
    """One id (or, where a code belongs, a sentence) in the sources."""

    text: str  # the id; for a sentence, the literal or the f-string's source
    path: str  # relative to the repository, with /
    line: int
    strict: bool  # in an error's or a Problem's code position (a sentence there is a bug)

    @property
    def is_id(self) -> bool:
        return CODE.fullmatch(self.text) is not None


@dataclass(frozen=True)
class CodeSlot:
    """Where a callable takes a code: a positional index and/or the keyword ``code``."""

    position: int | None = None
    keyword: bool = False
    fixed: tuple[str, ...] = ()  # codes the class always (or by default) carries


@dataclass
class Context:
    """What the whole source tree says about where codes go, and the catalog's known ids."""

    errors: dict[str, CodeSlot] = field(default_factory=dict)  # error classes, incl. Problem
    # callable name → positions of its `code` parameter (None: keyword-only)
    takes_code: dict[str, set[int | None]] = field(default_factory=dict)
    known: frozenset[str] = frozenset()


def source_files(root: Path = ROOT) -> list[Path]:
    return sorted(p for pkg in SOURCES for p in (root / pkg).rglob("*.py"))


def known_ids(root: Path = ROOT) -> frozenset[str]:
    """The ids the catalog holds: the .po files' live entries."""
    ids: set[str] = set()
    for lang in LANGUAGES:
        path = root / "addrgen" / po_path(lang).relative_to(LOCALE_DIR.parent)
        if path.is_file():
            with path.open("rb") as f:
                ids.update(m.id for m in read_po(f) if m.id and isinstance(m.id, str))
    return frozenset(ids)


def context(root: Path = ROOT, *, known: frozenset[str] | None = None) -> Context:
    """Read every source once: the error classes and where each takes its code."""
    trees = [ast.parse(p.read_text(encoding="utf-8"), str(p)) for p in source_files(root)]
    literals = _literal_aliases(trees)
    classes = {c.name: c for tree in trees for c in ast.walk(tree) if isinstance(c, ast.ClassDef)}
    ctx = Context(known=known_ids(root) if known is None else known)
    ctx.errors[BASE_ERROR] = CodeSlot(position=0)
    grown = True
    while grown:  # subclasses of subclasses, in any order of definition
        grown = False
        for name, cls in classes.items():
            bases = [b for b in map(_name, cls.bases) if b in ctx.errors]
            if name not in ctx.errors and bases:
                ctx.errors[name] = _error_slot(cls, ctx.errors[bases[0]], literals)
                grown = True
    for tree in trees:
        _collect_code_params(tree, ctx)
    if "Problem" in classes and "Problem" in ctx.takes_code:
        (position,) = ctx.takes_code["Problem"]
        ctx.errors["Problem"] = CodeSlot(position=position, keyword=True)
    return ctx


def scan_file(tree: ast.Module, path: str, ctx: Context) -> Iterator[Found]:
    """Every id (and every sentence in a code position) of one module."""
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef) and node.name in ctx.errors:
            for code in ctx.errors[node.name].fixed:
                yield Found(code, path, node.lineno, strict=True)
        elif isinstance(node, ast.Call):
            yield from _call(node, path, ctx)
        elif isinstance(node, ast.Constant) and node.value in ctx.known:
            yield Found(node.value, path, node.lineno, strict=False)


def scan(root: Path = ROOT, ctx: Context | None = None) -> list[Found]:
    ctx = ctx or context(root)
    found: list[Found] = []
    for p in source_files(root):
        tree = ast.parse(p.read_text(encoding="utf-8"), str(p))
        found += scan_file(tree, p.relative_to(root).as_posix(), ctx)
    return found


@cache
def _root_context(root: Path) -> Context:
    return context(root)


def extract_ids(
    fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: dict[str, Any]
) -> Iterator[tuple[int, str, str, list[str]]]:
    """A Babel extraction method: the ids of one source file (``(line, "", id, [])``)."""
    root = Path(options.get("root", ROOT))
    name = Path(getattr(fileobj, "name", "<source>"))
    path = name.resolve().relative_to(root).as_posix() if name.is_absolute() else name.as_posix()
    tree = ast.parse(fileobj.read().decode("utf-8"), path)
    for found in scan_file(tree, path, _root_context(root)):
        if found.is_id:
            yield found.line, "", found.text, []


# --- reading the classes and functions -------------------------------------------------------


def _name(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _literal_aliases(trees: Sequence[ast.Module]) -> dict[str, tuple[str, ...]]:
    """Module-level ``Name = Literal["a", "b"]`` aliases: name → values."""
    out: dict[str, tuple[str, ...]] = {}
    for tree in trees:
        for node in tree.body:
            if (
                isinstance(node, ast.Assign)
                and len(node.targets) == 1
                and isinstance(node.targets[0], ast.Name)
                and isinstance(node.value, ast.Subscript)
                and _name(node.value.value) == "Literal"
            ):
                items = node.value.slice
                elts = items.elts if isinstance(items, ast.Tuple) else [items]
                values = [e.value for e in elts if isinstance(e, ast.Constant)]
                out[node.targets[0].id] = tuple(v for v in values if isinstance(v, str))
    return out


def _error_slot(
    cls: ast.ClassDef, inherited: CodeSlot, literals: dict[str, tuple[str, ...]]
) -> CodeSlot:
    """Where an error class takes its code: its own ``__init__``, else its base's."""
    init = next(
        (n for n in cls.body if isinstance(n, ast.FunctionDef) and n.name == "__init__"), None
    )
    if init is None:
        return inherited
    params = [*init.args.posonlyargs, *init.args.args][1:]  # without self
    names = [a.arg for a in params]
    if "code" in names:
        i = names.index("code")
        defaults = init.args.defaults
        first_default = len(params) - len(defaults)
        fixed: tuple[str, ...] = ()
        if i >= first_default and isinstance(d := defaults[i - first_default], ast.Constant):
            fixed = (str(d.value),)
        keyword = i >= len(init.args.posonlyargs) - 1
        return CodeSlot(position=i, keyword=keyword, fixed=fixed)
    if any(a.arg == "code" for a in init.args.kwonlyargs):
        return CodeSlot(keyword=True)
    return _super_code(init, params, literals)


def _super_code(
    init: ast.FunctionDef, params: list[ast.arg], literals: dict[str, tuple[str, ...]]
) -> CodeSlot:
    """The code an ``__init__`` hands to ``super().__init__``: a constant, an f-string over a
    parameter typed with a ``Literal`` alias, or one of its parameters."""
    for node in ast.walk(init):
        if not (
            isinstance(node, ast.Call)
            and _name(node.func) == "__init__"
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Call)
            and _name(node.func.value.func) == "super"
            and node.args
        ):
            continue
        first = node.args[0]
        if isinstance(first, ast.Constant) and isinstance(first.value, str):
            return CodeSlot(fixed=(first.value,))
        if isinstance(first, ast.Name) and first.id in (names := [a.arg for a in params]):
            return CodeSlot(position=names.index(first.id))
        if isinstance(first, ast.JoinedStr):
            return CodeSlot(fixed=_expand(first, params, literals))
    return CodeSlot()


def _expand(
    text: ast.JoinedStr, params: list[ast.arg], literals: dict[str, tuple[str, ...]]
) -> tuple[str, ...]:
    """``f"code.{reason}"`` with ``reason: Reasons`` (a Literal alias) → every code it makes."""
    out = [""]
    for part in text.values:
        if isinstance(part, ast.Constant):
            out = [o + str(part.value) for o in out]
            continue
        assert isinstance(part, ast.FormattedValue)
        param = next((a for a in params if _name(part.value) == a.arg), None)
        alias = _name(param.annotation) if param and param.annotation else None
        if alias not in literals:
            return ()
        out = [o + v for o in out for v in literals[alias]]
    return tuple(out)


def _collect_code_params(tree: ast.Module, ctx: Context) -> None:
    """Functions, methods and dataclasses with a parameter (field) named ``code``."""
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            fields = [
                s.target.id
                for s in node.body
                if isinstance(s, ast.AnnAssign) and isinstance(s.target, ast.Name)
            ]
            if "code" in fields and any(_name(d) == "dataclass" for d in _decorators(node)):
                ctx.takes_code.setdefault(node.name, set()).add(fields.index("code"))
            for fn in node.body:
                if isinstance(fn, ast.FunctionDef) and fn.name != "__init__":
                    _add_function(fn, ctx, method=not _is_static(fn))
        elif isinstance(node, ast.Module):
            for fn in node.body:
                if isinstance(fn, ast.FunctionDef):
                    _add_function(fn, ctx, method=False)


def _decorators(node: ast.ClassDef | ast.FunctionDef) -> list[ast.expr]:
    return [d.func if isinstance(d, ast.Call) else d for d in node.decorator_list]


def _is_static(fn: ast.FunctionDef) -> bool:
    return any(_name(d) == "staticmethod" for d in _decorators(fn))


def _add_function(fn: ast.FunctionDef, ctx: Context, *, method: bool) -> None:
    params = [a.arg for a in [*fn.args.posonlyargs, *fn.args.args]][1 if method else 0 :]
    if "code" in params:
        ctx.takes_code.setdefault(fn.name, set()).add(params.index("code"))
    elif any(a.arg == "code" for a in fn.args.kwonlyargs):
        ctx.takes_code.setdefault(fn.name, set()).add(None)


# --- reading the calls ------------------------------------------------------------------------


def _call(node: ast.Call, path: str, ctx: Context) -> Iterator[Found]:
    name = _name(node.func)
    if name is None:
        return
    if name in KEYWORDS and node.args:
        yield from _literal(node.args[0], path, strict=False)
    if name in ctx.errors:
        slot = ctx.errors[name]
        given = _argument(node, slot.position, keyword=slot.keyword)
        if given is not None:
            yield from _literal(given, path, strict=True)
        elif slot.position is not None:  # the code parameter's default
            yield from (Found(c, path, node.lineno, strict=True) for c in slot.fixed)
    elif name in ctx.takes_code:
        for position in ctx.takes_code[name]:
            given = _argument(node, position, keyword=True)
            if given is not None:
                yield from (f for f in _literal(given, path, strict=False) if f.is_id)


def _argument(node: ast.Call, position: int | None, *, keyword: bool) -> ast.expr | None:
    if any(isinstance(a, ast.Starred) for a in node.args):
        return None  # *args: the position is unknown
    if position is not None and position < len(node.args):
        return node.args[position]
    if keyword:
        return next((k.value for k in node.keywords if k.arg == "code"), None)
    return None


def _literal(node: ast.expr, path: str, *, strict: bool) -> Iterator[Found]:
    """A constant (or each branch of ``a if c else b``); in a code position, an f-string or a
    concatenation is a sentence and is reported as one."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield Found(node.value, path, node.lineno, strict=strict)
    elif isinstance(node, ast.IfExp):
        yield from _literal(node.body, path, strict=strict)
        yield from _literal(node.orelse, path, strict=strict)
    elif strict and isinstance(node, ast.JoinedStr | ast.BinOp):
        yield Found(ast.unparse(node), path, node.lineno, strict=strict)
