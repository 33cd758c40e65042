"""Restricted script environment: BPMN conditions, scripts and DMN entries run here.

Uploaded BPMN is untrusted. RestrictedPython compiles every expression and script so that
imports, dunder/underscore attribute access, ``exec``/``eval``/``open`` and printing are
impossible; the only callables in scope are a small allowlist of builtins and helpers.
"""

from __future__ import annotations

import ast
import operator
from collections.abc import Callable, Mapping
from datetime import date
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
from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine
from SpiffWorkflow.bpmn.script_engine.python_environment import BasePythonScriptEngineEnvironment

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


def average(values: list[float]) -> float:
    if not values:
        raise ValueError("average of no values")
    return round(sum(values) / len(values), 2)


HELPERS: dict[str, Callable[..., Any]] = {"add_months": add_months, "average": average}


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


def _base_globals() -> dict[str, Any]:
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


class RestrictedEnvironment(BasePythonScriptEngineEnvironment):  # type: ignore[misc]
    """Evaluates with RestrictedPython; task data is the only mutable state scripts see."""

    def __init__(self) -> None:
        super().__init__(_base_globals())

    def evaluate(self, expression: str, context: Mapping[str, Any],
                 external_context: Mapping[str, Any] | None = None) -> Any:
        scope = {**context, **(external_context or {}), **self.globals}
        return eval(compile_expression(expression), scope)

    def execute(self, script: str, context: dict[str, Any],
                external_context: Mapping[str, Any] | None = None) -> bool:
        clashes = (set(self.globals) | set(external_context or {})) & set(context)
        if clashes:
            raise ValueError(f"task data overwrites predefined names: {sorted(clashes)}")
        scope = {**context, **(external_context or {}), **self.globals}
        exec(compile_script(script), scope)  # noqa: S102 - restricted bytecode
        hidden = set(self.globals) | set(external_context or {})
        for name in list(context):
            if name not in scope:
                del context[name]
        for name, value in scope.items():
            if name not in hidden and not name.startswith("_") and not callable(value):
                context[name] = value
        return True

    def call_service(self, context: Any, **kwargs: Any) -> Any:
        raise ScriptRejected("service tasks are not supported")


class RestrictedScriptEngine(PythonScriptEngine):  # type: ignore[misc]
    def __init__(self) -> None:
        super().__init__(environment=RestrictedEnvironment())

    def validate(self, expression: str) -> None:
        # DMN's needs_eq() relies on SyntaxError to tell "== 5" from "> 5".
        try:
            compile_expression(expression)
        except ScriptRejected as err:
            if "SyntaxError" in str(err) or "invalid syntax" in str(err):
                raise SyntaxError(str(err)) from err
            raise


def check_expression(expression: str) -> str | None:
    """The reason an expression cannot run here, or None."""
    try:
        compile_expression(expression)
    except (ScriptRejected, SyntaxError) as err:
        return str(err)
    return None


def check_script(script: str) -> str | None:
    try:
        compile_script(script)
    except (ScriptRejected, SyntaxError) as err:
        return str(err)
    return None
