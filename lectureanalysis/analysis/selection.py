"""Selections of speeches written as expressions (``--target "year >= 2013"``), in a small language that can
run no code.

The report's ``--target``/``--reference`` and :func:`lectureanalysis.plan_comparisons` take text a user typed —
or that a notebook, a web form or a Makefile passed on from someone else. The text is parsed with :mod:`ast` and
evaluated here, column by column, never handed to ``eval`` or ``DataFrame.query`` (whose ``@name`` reaches
Python objects and whose method calls write files). The language keeps what users write in pandas query syntax:

- column names of the speeches table, bare (``year``) or in backticks (```speaker title```);
- constants: strings, numbers (at most 10¹⁵ in size), ``True``, ``False``, ``None``, and lists or tuples of them;
- comparisons ``== != < <= > >=``, chained (``2000 <= year < 2010``), ``in [...]`` and ``not in [...]``;
- ``and``, ``or``, ``not`` and ``&``, ``|``, ``~``; ``+ - * /`` on numbers (no ``**``);
- three string tests on a column: ``col.str.contains("改革")``, ``col.str.startswith("关于")``,
  ``col.str.endswith("讲话")``, with a literal string (never a regular expression) and optionally ``case=False``.

Nothing else: no ``@``, no other attribute, no other call, no subscripts, no lambdas or comprehensions. A missing
value makes a comparison unknown, and unknown stays unknown through ``not``/``and``/``or`` (``not year > 2000``
does not select a speech without a year); a speech whose condition is unknown is not selected, as in pandas.
Anything outside the language is a ``ValueError`` naming the construct.
"""

from __future__ import annotations

import ast
import operator
import re
from collections.abc import Callable

import numpy as np
import pandas as pd

#: the largest number a constant may be (bounds arithmetic on columns)
MAX_NUMBER = 10**15
#: the longest string constant
MAX_STRING = 1_000
#: the longest expression
MAX_EXPRESSION = 2_000
#: the string tests a column may take: ``col.str.<name>(text[, case=False])``
STRING_TESTS = ("contains", "startswith", "endswith")
_COMPARE: dict[type[ast.cmpop], Callable[[object, object], object]] = {
    ast.Eq: operator.eq, ast.NotEq: operator.ne, ast.Lt: operator.lt, ast.LtE: operator.le,
    ast.Gt: operator.gt, ast.GtE: operator.ge,
}
_ARITHMETIC: dict[type[ast.operator], Callable[[object, object], object]] = {
    ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv,
}
_BACKTICKED = re.compile(r"`([^`]+)`")
#: what each construct outside the language is called in the message
_NAMES = {ast.Attribute: "an attribute", ast.Call: "a call", ast.Subscript: "a subscript", ast.Lambda: "a lambda",
          ast.Pow: "**", ast.FloorDiv: "//", ast.Mod: "%", ast.MatMult: "@", ast.BitXor: "^", ast.LShift: "<<",
          ast.RShift: ">>", ast.Is: "is", ast.IsNot: "is not", ast.IfExp: "an if-expression",
          ast.ListComp: "a comprehension", ast.GeneratorExp: "a comprehension", ast.DictComp: "a comprehension",
          ast.SetComp: "a comprehension", ast.Dict: "a dict", ast.Set: "a set", ast.NamedExpr: ":=",
          ast.Starred: "*", ast.JoinedStr: "an f-string", ast.Await: "await", ast.Yield: "yield"}


class SelectionError(ValueError):
    """An expression outside the selection language, or one that selects nothing a table can give."""


def select(speeches: pd.DataFrame, expression: str, *, name: str = "expression") -> pd.Series:
    """The rows of ``speeches`` that ``expression`` selects, as a boolean Series aligned with the table.

    >>> table = pd.DataFrame({"speech_id": ["a", "b", "c"], "year": [1990, 2005, 2015], "title": ["关于", "讲话", "关于改革"]})
    >>> select(table, "year >= 2000 and title.str.contains('改革')").tolist()
    [False, False, True]
    >>> select(table, "2000 <= year < 2010 or `speech_id` in ['a']").tolist()
    [True, True, False]
    """
    tree, columns = parse_selection(expression, name=name)
    missing = [c for c in columns.values() if c not in speeches.columns]
    if missing:
        shown = ", ".join(c for c in speeches.columns if c not in ("boilerplate", "title_block"))
        raise SelectionError(f"{name}: {expression!r} names {', '.join(map(repr, missing))}, which is no column of "
                             f"the speeches table; columns: {shown}")
    try:
        result = _Evaluator(speeches, columns, name, expression).value(tree.body)
    except RecursionError:
        raise SelectionError(f"{name}: the expression is nested too deeply to evaluate") from None
    if isinstance(result, pd.Series) and (result.dtype == bool or pd.api.types.is_bool_dtype(result)):
        return result.fillna(False).astype(bool)
    if isinstance(result, (bool, np.bool_)):
        return pd.Series(bool(result), index=speeches.index)
    raise SelectionError(f"{name}: {expression!r} is not a selection (a condition such as 'year >= 2013'); it gives "
                         f"{'a column of values' if isinstance(result, pd.Series) else repr(result)}")


def parse_selection(expression: str, *, name: str = "expression") -> tuple[ast.Expression, dict[str, str]]:
    """Parse ``expression`` and check it is in the language: ``(tree, {identifier: column})``, raising
    :class:`SelectionError` naming the first construct outside it."""
    if not isinstance(expression, str) or not expression.strip():
        raise SelectionError(f"{name}: expected an expression such as 'year >= 2013', got {expression!r}")
    if len(expression) > MAX_EXPRESSION:
        raise SelectionError(f"{name}: the expression is {len(expression):,} characters long; at most {MAX_EXPRESSION:,}")
    if "@" in _BACKTICKED.sub("", _strings_blanked(expression)):
        raise SelectionError(f"{name}: {expression!r} uses '@', which names Python objects; only columns of the "
                             "speeches table may be named")
    columns: dict[str, str] = {}

    def placeholder(match: re.Match[str]) -> str:
        key = f"_column_{len(columns)}_"
        columns[key] = match.group(1)
        return key

    source = _BACKTICKED.sub(placeholder, expression)
    try:
        tree = ast.parse(source.strip(), mode="eval")
    except SyntaxError as exc:
        raise SelectionError(f"{name}: {expression!r} is not an expression ({exc.msg})") from None
    except (RecursionError, MemoryError):
        raise SelectionError(f"{name}: the expression is nested too deeply to read") from None
    if _depth(tree) > MAX_DEPTH:
        raise SelectionError(f"{name}: the expression is nested more than {MAX_DEPTH} levels deep")
    tests = {id(n.func) for n in ast.walk(tree) if isinstance(n, ast.Call)}  # col.str.contains: its attributes
    tests |= {id(n.func.value) for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and id(node) not in tests:
            raise SelectionError(f"{name}: {expression!r} uses an attribute ({ast.unparse(node)}), which the selection "
                                 f"language does not have; the only ones are col.str.{'/'.join(STRING_TESTS)}('…')")
        _check(node, name, expression)
        if isinstance(node, ast.Name) and node.id not in columns and node.id not in ("True", "False", "None"):
            columns[node.id] = node.id
    return tree, columns


#: the deepest nesting of an expression (operators within operators)
MAX_DEPTH = 100


def _depth(tree: ast.AST) -> int:
    """How deeply the nodes of ``tree`` nest (iteratively: a deep tree must not exhaust the stack)."""
    deepest, stack = 0, [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in ast.iter_child_nodes(node))
    return deepest


def columns_named(expression: str) -> list[str]:
    """The columns an expression names, in the order it names them."""
    _, columns = parse_selection(expression)
    return list(dict.fromkeys(columns.values()))


def _strings_blanked(expression: str) -> str:
    """The expression with the insides of its string literals blanked (an '@' in a quoted name is text)."""
    return re.sub(r"'[^']*'|\"[^\"]*\"", "''", expression)


def _check(node: ast.AST, name: str, expression: str) -> None:
    allowed = (ast.Expression, ast.BoolOp, ast.And, ast.Or, ast.UnaryOp, ast.Not, ast.Invert, ast.USub, ast.UAdd,
               ast.BinOp, ast.Add, ast.Sub, ast.Mult, ast.Div, ast.BitAnd, ast.BitOr, ast.Compare, ast.Eq, ast.NotEq,
               ast.Lt, ast.LtE, ast.Gt, ast.GtE, ast.In, ast.NotIn, ast.Name, ast.Load, ast.Constant, ast.List,
               ast.Tuple, ast.keyword)
    if isinstance(node, ast.Call):
        _check_string_test(node, name, expression)
        return
    if isinstance(node, ast.Attribute):
        return  # part of a string test, checked with its call
    if not isinstance(node, allowed):
        what = _NAMES.get(type(node), type(node).__name__)
        raise SelectionError(f"{name}: {expression!r} uses {what}, which the selection language does not have "
                             f"(columns, constants, comparisons, and/or/not, + - * /, and "
                             f"col.str.{'/'.join(STRING_TESTS)}('…'))")
    if isinstance(node, ast.Constant):
        value = node.value
        if isinstance(value, bool) or value is None:
            return
        if isinstance(value, (int, float)):
            if not abs(value) <= MAX_NUMBER:
                raise SelectionError(f"{name}: the number {value!r} is out of bounds (at most {MAX_NUMBER:.0e})")
            return
        if isinstance(value, str):
            if len(value) > MAX_STRING:
                raise SelectionError(f"{name}: a string of {len(value):,} characters; at most {MAX_STRING:,}")
            return
        raise SelectionError(f"{name}: {expression!r} holds a constant of type {type(value).__name__}")


def _check_string_test(node: ast.Call, name: str, expression: str) -> None:
    function = node.func
    ok = (isinstance(function, ast.Attribute) and function.attr in STRING_TESTS
          and isinstance(function.value, ast.Attribute) and function.value.attr == "str"
          and isinstance(function.value.value, ast.Name)
          and len(node.args) == 1 and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)
          and all(k.arg == "case" and isinstance(k.value, ast.Constant) and isinstance(k.value.value, bool)
                  for k in node.keywords))
    if not ok:
        shown = ast.unparse(node)
        raise SelectionError(f"{name}: {expression!r} calls {shown!r}; the only calls are a column's "
                             f"col.str.{'/'.join(STRING_TESTS)}('text'[, case=False])")


class _Evaluator:
    def __init__(self, speeches: pd.DataFrame, columns: dict[str, str], name: str, expression: str) -> None:
        self.speeches = speeches
        self.columns = columns
        self.name = name
        self.expression = expression

    def value(self, node: ast.AST) -> object:
        if isinstance(node, ast.Constant):
            return node.value
        if isinstance(node, (ast.List, ast.Tuple)):
            return [self.value(e) for e in node.elts]
        if isinstance(node, ast.Name):
            if node.id in ("True", "False", "None"):
                return {"True": True, "False": False, "None": None}[node.id]
            return self.speeches[self.columns[node.id]]
        if isinstance(node, ast.BoolOp):
            parts = [self._truth(self.value(v)) for v in node.values]
            combine = operator.and_ if isinstance(node.op, ast.And) else operator.or_
            out = parts[0]
            for part in parts[1:]:
                out = combine(out, part)
            return out
        if isinstance(node, ast.UnaryOp):
            operand = self.value(node.operand)
            if isinstance(node.op, (ast.Not, ast.Invert)):
                return ~self._truth(operand)
            return -operand if isinstance(node.op, ast.USub) else operand  # type: ignore[operator]
        if isinstance(node, ast.BinOp):
            left, right = self.value(node.left), self.value(node.right)
            if isinstance(node.op, (ast.BitAnd, ast.BitOr)):
                combine = operator.and_ if isinstance(node.op, ast.BitAnd) else operator.or_
                return combine(self._truth(left), self._truth(right))
            return self._arithmetic(node.op, left, right)
        if isinstance(node, ast.Compare):
            return self._compare(node)
        if isinstance(node, ast.Call):
            return self._string_test(node)
        raise SelectionError(f"{self.name}: {self.expression!r}: {ast.unparse(node)!r} is not a value of the "
                             "selection language")

    def _truth(self, value: object) -> pd.Series:
        if isinstance(value, pd.Series):
            if not pd.api.types.is_bool_dtype(value):
                raise SelectionError(f"{self.name}: {self.expression!r} combines a column of values ({value.name}) "
                                     "with and/or/not; compare it first (e.g. year >= 2013)")
            return value.astype("boolean")  # a missing value stays missing through not/and/or (Kleene logic)
        return pd.Series(bool(value), index=self.speeches.index, dtype="boolean")

    def _arithmetic(self, op: ast.operator, left: object, right: object) -> object:
        for side in (left, right):
            numeric = pd.api.types.is_numeric_dtype(side) if isinstance(side, pd.Series) else \
                isinstance(side, (int, float)) and not isinstance(side, bool)
            if not numeric:
                raise SelectionError(f"{self.name}: {self.expression!r}: + - * / take numbers, not "
                                     f"{side.name if isinstance(side, pd.Series) else repr(side)}")
        with np.errstate(divide="ignore", invalid="ignore"):
            return _ARITHMETIC[type(op)](left, right)

    def _compare(self, node: ast.Compare) -> pd.Series:
        result = pd.Series(True, index=self.speeches.index, dtype="boolean")
        left = self.value(node.left)
        for op, comparator in zip(node.ops, node.comparators, strict=True):
            right = self.value(comparator)
            result &= self._compare_one(op, left, right)
            left = right
        return result

    def _compare_one(self, op: ast.cmpop, left: object, right: object) -> pd.Series:
        if isinstance(op, (ast.In, ast.NotIn)):
            if not isinstance(right, list):
                raise SelectionError(f"{self.name}: {self.expression!r}: 'in' takes a list of values ([…])")
            column = left if isinstance(left, pd.Series) else pd.Series(left, index=self.speeches.index)
            found = column.isin(right).astype("boolean")
            return ~found if isinstance(op, ast.NotIn) else found
        if isinstance(left, list) or isinstance(right, list):
            raise SelectionError(f"{self.name}: {self.expression!r}: a list compares only with 'in'")
        try:
            outcome = _COMPARE[type(op)](left, right)
        except TypeError as exc:
            raise SelectionError(f"{self.name}: {self.expression!r} compares values that do not compare ({exc})") from None
        if isinstance(outcome, pd.Series):
            return outcome.astype("boolean")
        return pd.Series(bool(outcome), index=self.speeches.index, dtype="boolean")

    def _string_test(self, node: ast.Call) -> pd.Series:
        function = node.func
        assert isinstance(function, ast.Attribute) and isinstance(function.value, ast.Attribute)
        column = self.value(function.value.value)
        if not isinstance(column, pd.Series):
            raise SelectionError(f"{self.name}: {self.expression!r}: .str.{function.attr} needs a column")
        text = node.args[0].value  # type: ignore[attr-defined]
        case = next((k.value.value for k in node.keywords if k.arg == "case"), True)  # type: ignore[attr-defined]
        values = column.astype("string")
        if not case:
            values, text = values.str.lower(), text.lower()
        if function.attr == "contains":
            found = values.str.contains(text, regex=False)
        elif function.attr == "startswith":
            found = values.str.startswith(text)
        else:
            found = values.str.endswith(text)
        return found.fillna(False).astype(bool)
