"""The exporter's Python printer writes what `ruff format` writes, and strings that read back exactly."""

from __future__ import annotations

import ast
import keyword

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from callplan_provider.export.code import (
    LINE_LENGTH,
    Call,
    Code,
    Dict,
    Expr,
    Item,
    List,
    Statement,
    comment_lines,
    statement_lines,
    string,
)
from tests.unit.generated_code import ruff_formatted


def source(*statements: Statement) -> str:
    return "\n".join(line for s in statements for line in statement_lines(s)) + "\n"


@given(st.text())
def test_string_reads_back_as_the_same_text(text: str) -> None:
    assert ast.literal_eval(string(text)) == text


def test_string_prefers_double_quotes_unless_single_escape_less() -> None:
    assert string("Ann's line") == '"Ann\'s line"'
    assert string('the "front" desk') == "'the \"front\" desk'"
    assert string("a\nb\\c") == '"a\\nb\\\\c"'


@settings(max_examples=10, deadline=None)
@given(st.lists(st.text(max_size=30), min_size=1, max_size=40))
def test_strings_are_as_ruff_writes_them(texts: list[str]) -> None:
    program = source(*(Statement(text, f"x{i}") for i, text in enumerate(texts)))

    assert ruff_formatted(program) == program


def test_a_call_that_fits_stays_on_one_line() -> None:
    call = Call.of("cp.transfer_to_user", Code("ann_line.user_id"), "sales")

    assert statement_lines(Statement(call, "key")) == ['key = cp.transfer_to_user(ann_line.user_id, "sales")']


def test_a_long_call_opens_one_argument_per_line_with_trailing_commas() -> None:
    call = Call.of(
        "cp.voicemail", user_id=Code("somebody_with_a_long_name_line.user_id"), description="x" * 40
    )

    assert statement_lines(Statement(call, "key")) == [
        "key = cp.voicemail(",
        "    user_id=somebody_with_a_long_name_line.user_id,",
        f'    description="{"x" * 40}",',
        ")",
    ]


def test_an_item_with_a_comment_opens_its_brackets_and_keeps_the_comment_above_it() -> None:
    keys = Dict((Item("1", Call.of("cp.exit_menu"), ("why",)),))

    assert statement_lines(Statement(keys, "keys")) == [
        "keys = {",
        "    # why",
        '    "1": cp.exit_menu(),',
        "}",
    ]


def test_comments_are_wrapped_within_the_line_length() -> None:
    lines = comment_lines("word " * 60, "    ")

    assert all(len(line) <= LINE_LENGTH and line.startswith("    # ") for line in lines)
    assert " ".join(line[6:] for line in lines) == ("word " * 60).strip()


names = st.from_regex(r"[a-z][a-z0-9_]{0,12}", fullmatch=True).filter(
    lambda name: not keyword.iskeyword(name)
)
atoms: st.SearchStrategy[Expr] = st.one_of(
    st.text(max_size=40),
    st.booleans(),
    st.integers(-5, 500),
    st.none(),
    names.map(lambda n: Code(f"{n}.id")),
)


def _containers(children: st.SearchStrategy[Expr]) -> st.SearchStrategy[Expr]:
    items = st.tuples(names, children, st.lists(st.text(max_size=100), max_size=2))
    return st.one_of(
        st.builds(
            lambda func, args, kwargs, explode: Call(
                func,
                tuple(Item(None, a) for a in args) + tuple(Item(k, v, tuple(c)) for k, v, c in kwargs),
                explode,
            ),
            names,
            st.lists(children, max_size=3),
            st.lists(items, max_size=4, unique_by=lambda t: t[0]),
            st.booleans(),
        ),
        st.builds(
            lambda entries, explode, trailing: Dict(
                tuple(Item(k, v, tuple(c)) for k, v, c in entries), explode, tuple(trailing)
            ),
            st.lists(items, max_size=4, unique_by=lambda t: t[0]),
            st.booleans(),
            st.lists(st.text(min_size=1, max_size=30), max_size=1),
        ),
        st.lists(children, max_size=4).map(lambda xs: List(tuple(xs))),
    )


expressions = st.recursive(atoms, _containers, max_leaves=10)


@settings(max_examples=25, deadline=None)
@given(st.lists(expressions, min_size=1, max_size=6))
def test_any_expression_is_printed_as_ruff_formats_it(values: list[Expr]) -> None:
    program = source(*(Statement(v, f"x{i}", ("a comment",)) for i, v in enumerate(values)))

    assert ruff_formatted(program) == program


@pytest.mark.parametrize("wide", ["𠀀", "会", "\uff21"])
def test_a_wide_character_counts_twice_as_ruff_measures_lines(wide: str) -> None:
    text = "0" * 78 + wide  # 88 characters on the line, 89 columns wide
    program = source(Statement(text, "x"))

    assert ruff_formatted(program) == program


def test_a_combining_mark_takes_no_column() -> None:
    program = source(Statement("e\u0301" * 40, "x"))

    assert ruff_formatted(program) == program


@pytest.mark.parametrize("size", [82, 84, 85])
def test_a_long_value_is_parenthesised_only_when_it_then_fits(size: int) -> None:
    program = source(Statement("0" * size, "x"))

    assert ruff_formatted(program) == program
