"""RestrictedPython compilation and the globals scripts see; imported by the script worker too.

Kept free of SpiffWorkflow and Flask so a script worker process starts in a few tens of ms.
"""

from __future__ import annotations

import ast
import operator
from collections.abc import Callable
from datetime import date, timedelta
from functools import lru_cache
from types import CodeType
from typing import Any

from dateutil.relativedelta import relativedelta
from RestrictedPython.compile import compile_restricted_eval, compile_restricted_exec
from RestrictedPython.Guards import (
    guarded_iter_unpack_sequence,
    guarded_unpack_sequence,
    safe_builtins,
    safer_getattr,
)

_EXTRA_BUILTINS: dict[str, Any] = {
    name: __builtins__[name] if isinstance(__builtins__, dict) else getattr(__builtins__, name)
    for name in (
        "min", "max", "sum", "sorted", "any", "all", "list", "dict", "tuple", "set",
        "enumerate", "zip", "map", "filter", "reversed",
    )
}

_INPLACE_OPS: dict[str, Callable[[Any, Any], Any]] = {
    "+=": operator.add, "-=": operator.sub, "*=": operator.mul, "/=": operator.truediv,
    "//=": operator.floordiv, "%=": operator.mod, "**=": operator.pow,
}

# Expressions made only of these nodes cannot loop, call or build anything bigger than their
# operands: they finish in time proportional to the task data, so they run in-process.
_BOUNDED_NODES = (
    ast.Expression, ast.Compare, ast.BoolOp, ast.And, ast.Or, ast.UnaryOp, ast.Not, ast.USub, ast.UAdd,
    ast.IfExp, ast.Name, ast.Load, ast.Constant, ast.Subscript, ast.Tuple, ast.List,
    ast.Eq, ast.NotEq, ast.Lt, ast.LtE, ast.Gt, ast.GtE, ast.Is, ast.IsNot, ast.In, ast.NotIn,
    ast.BinOp, ast.Add, ast.Sub,
)


class ScriptRejected(ValueError):
    """A condition or script uses a construct the restricted environment forbids."""


def _write_guard(obj: Any) -> Any:
    # Scripts may fill in their own dicts and lists, never mutate other objects' attributes.
    if isinstance(obj, (dict, list, set)):
        return obj
    raise TypeError(f"cannot modify objects of type {type(obj).__name__}")


def _inplace(op: str, left: Any, right: Any) -> Any:
    return _INPLACE_OPS[op](left, right)


def add_months(day: str, months: int) -> str:
    """ISO date plus whole months (end-of-month clamped), as an ISO date string."""
    result: date = date.fromisoformat(day) + relativedelta(months=months)
    return result.isoformat()


def add_days(day: str, days: int) -> str:
    """ISO date plus calendar days, as an ISO date string (the 45 and 15-day limits of QĐ 26/2026)."""
    return (date.fromisoformat(day) + timedelta(days=days)).isoformat()


def average(values: list[float]) -> float:
    if not values:
        raise ValueError("average of no values")
    return round(sum(values) / len(values), 2)


HELPERS: dict[str, Callable[..., Any]] = {"add_months": add_months, "add_days": add_days, "average": average}


def _reject_imports(source: str) -> None:
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return  # RestrictedPython reports syntax errors with their position
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            raise ScriptRejected(f"Line {node.lineno}: imports are not allowed")


@lru_cache(maxsize=4096)
def compile_expression(expression: str) -> CodeType:
    result = compile_restricted_eval(expression, "<expression>")
    if result.errors or result.code is None:
        raise ScriptRejected("; ".join(result.errors) or "could not compile")
    return result.code


@lru_cache(maxsize=1024)
def compile_script(script: str) -> CodeType:
    _reject_imports(script)
    result = compile_restricted_exec(script, "<script>")
    if result.errors or result.code is None:
        raise ScriptRejected("; ".join(result.errors) or "could not compile")
    return result.code


@lru_cache(maxsize=4096)
def is_bounded_expression(expression: str) -> bool:
    """True when the expression has no call, loop, comprehension, attribute, `*`, `**`, `<<` or `%`."""
    try:
        tree = ast.parse(expression, mode="eval")
    except SyntaxError:
        return False
    return all(isinstance(node, _BOUNDED_NODES) for node in ast.walk(tree))


@lru_cache(maxsize=4096)
def referenced_names(code: CodeType) -> frozenset[str]:
    """Every global name the code (and the comprehensions inside it) can read, write or delete.

    Restricted code has no globals(), vars() or getattr on modules, so this is exact: only these
    names of the task data need to travel to the script worker and back.
    """
    names = set(code.co_names)
    for const in code.co_consts:
        if isinstance(const, CodeType):
            names |= referenced_names(const)
    return frozenset(names)


def base_globals() -> dict[str, Any]:
    builtins = dict(safe_builtins)
    for unsafe in ("setattr", "delattr", "__build_class__", "id", "hash"):
        builtins.pop(unsafe, None)
    builtins.update(_EXTRA_BUILTINS)
    return {
        "__builtins__": builtins,
        "_getattr_": safer_getattr,
        "_getitem_": operator.getitem,
        "_getiter_": iter,
        "_iter_unpack_sequence_": guarded_iter_unpack_sequence,
        "_unpack_sequence_": guarded_unpack_sequence,
        "_write_": _write_guard,
        "_inplacevar_": _inplace,
        **HELPERS,
    }
