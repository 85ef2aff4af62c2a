"""Python source for the exported program: a small expression model and its printer.

The printer writes what `ruff format` writes, so the file needs no formatter: an expression
stays on one line when it fits in `LINE_LENGTH` (ruff's default, 88) and holds no comment;
otherwise its brackets open, one item per line, each followed by a comma (the "magic trailing
comma", which keeps ruff from joining the lines again at any line length). Strings take double
quotes unless single quotes need fewer escapes, as ruff does. Comments are whole lines, wrapped
to fit.

    Call("cp.User", ("ann",), (("email", "ann@example.com"), ("adopt", True)))
    Dict((Item("1", Call("cp.exit_menu")),), comments=...)
    Code("numbers['ann-line']")                   # any expression, written as given
"""

from __future__ import annotations

import textwrap
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TypeAlias

LINE_LENGTH = 88
INDENT = "    "


@dataclass(frozen=True)
class Code:
    """An expression written as given: a variable, an attribute, a subscript."""

    text: str


@dataclass(frozen=True)
class Item:
    """One argument of a call (`name=value`, `**value` with name `"**"`, or positional with no name)
    or one entry of a dict (`key: value`), with the comment lines written above it."""

    key: str | None
    value: Expr
    comments: tuple[str, ...] = ()


@dataclass(frozen=True)
class Call:
    func: str
    items: tuple[Item, ...] = ()
    explode: bool = False  # one argument per line even when it would fit (unless there are none)

    @staticmethod
    def of(func: str, *args: Expr, **kwargs: Expr) -> Call:
        """`func(*args, **kwargs)`, on one line when it fits."""
        items = [Item(None, a) for a in args] + [Item(k, v) for k, v in kwargs.items()]
        return Call(func, tuple(items))


@dataclass(frozen=True)
class Dict:
    items: tuple[Item, ...] = ()  # keys are the entries' keys, as strings
    explode: bool = False
    trailing_comments: tuple[str, ...] = ()  # below the last entry


@dataclass(frozen=True)
class List:
    items: tuple[Expr, ...] = ()


Expr: TypeAlias = str | bool | int | Code | Call | Dict | List | None


@dataclass
class Statement:
    """`target = value` (or the bare value), with comment lines above."""

    value: Expr
    target: str | None = None
    comments: Sequence[str] = field(default_factory=tuple)
    joined: bool = False  # right under the statement before, without a blank line


def string(value: str) -> str:
    """A Python string literal as ruff writes it: double quotes unless single quotes escape less."""
    quote = "'" if value.count('"') > value.count("'") else '"'
    out = []
    for char in value:
        if char in ("\\", quote):
            out.append("\\" + char)
        elif char.isprintable():
            out.append(char)
        else:
            out.append(repr(char)[1:-1])  # \n, \t, \x00, \u2028 ...
    return quote + "".join(out) + quote


def comment_lines(text: str, indent: str, width: int = LINE_LENGTH) -> list[str]:
    """`# text`, wrapped at whole words to fit (a word longer than the line stays whole)."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        wrapped = textwrap.wrap(
            paragraph,
            width=max(width - len(indent) - 2, 20),
            break_long_words=False,
            break_on_hyphens=False,
        )
        lines += [f"{indent}# {line}".rstrip() for line in wrapped or [""]]
    return lines


def flat(expr: Expr) -> str | None:
    """The expression on one line; None when it must span lines (a comment, `explode`)."""
    if isinstance(expr, bool) or expr is None:
        return repr(expr)
    if isinstance(expr, int):
        return str(expr)
    if isinstance(expr, str):
        return string(expr)
    if isinstance(expr, Code):
        return expr.text
    if isinstance(expr, List):
        parts = [flat(item) for item in expr.items]
        return None if None in parts else "[" + ", ".join(p for p in parts if p is not None) + "]"
    if isinstance(expr, Call | Dict):
        if isinstance(expr, Dict) and expr.trailing_comments:
            return None
        if expr.items and (expr.explode or any(item.comments for item in expr.items)):
            return None
        items = [_flat_item(item, isinstance(expr, Dict)) for item in expr.items]
        if None in items:
            return None
        inner = ", ".join(i for i in items if i is not None)
        return f"{expr.func}({inner})" if isinstance(expr, Call) else "{" + inner + "}"
    raise TypeError(f"cannot write {type(expr).__name__} as Python")


def _lead(item: Item, in_dict: bool) -> str:
    if item.key is None:
        return ""
    if in_dict:
        return string(item.key) + ": "
    return "**" if item.key == "**" else f"{item.key}="


def _flat_item(item: Item, in_dict: bool) -> str | None:
    value = flat(item.value)
    return None if value is None else _lead(item, in_dict) + value


def width(line: str) -> int:
    """The line's width as ruff measures it: wide East Asian characters count 2, combining marks 0."""
    return sum(_char_width(char) for char in line)


def _char_width(char: str) -> int:
    if unicodedata.combining(char) or unicodedata.category(char) in ("Me", "Mn"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def lines(expr: Expr, indent: str = "", lead: str = "", trail: str = "") -> list[str]:
    """The expression as complete lines: `indent + lead + expr + trail`, split where it must be."""
    one = flat(expr)
    if one is not None and width(indent + lead + one + trail) <= LINE_LENGTH:
        return [indent + lead + one + trail]
    if isinstance(expr, Call | Dict):
        return _exploded(expr, indent, lead, trail)
    if isinstance(expr, List) and expr.items:
        inner = indent + INDENT
        body = [line for item in expr.items for line in lines(item, inner, "", ",")]
        return [f"{indent}{lead}[", *body, f"{indent}]{trail}"]
    return [indent + lead + (one or "") + trail]  # an atom longer than the line: left whole


def _exploded(expr: Call | Dict, indent: str, lead: str, trail: str) -> list[str]:
    in_dict = isinstance(expr, Dict)
    opening, closing = ("{", "}") if isinstance(expr, Dict) else (f"{expr.func}(", ")")
    inner = indent + INDENT
    out = [indent + lead + opening]
    for item in expr.items:
        for text in item.comments:
            out += comment_lines(text, inner)
        out += lines(item.value, inner, _lead(item, in_dict), ",")
    if isinstance(expr, Dict):
        for text in expr.trailing_comments:
            out += comment_lines(text, inner)
    out.append(indent + closing + trail)
    return out


def statement_lines(statement: Statement) -> list[str]:
    out: list[str] = []
    for text in statement.comments:
        out += comment_lines(text, "")
    lead = f"{statement.target} = " if statement.target else ""
    atom = flat(statement.value) if not isinstance(statement.value, Call | Dict | List) else None
    if lead and atom is not None and width(lead + atom) > LINE_LENGTH >= width(INDENT + atom):
        return [*out, f"{lead}(", INDENT + atom, ")"]  # ruff parenthesises a value that then fits
    return out + lines(statement.value, "", lead)
