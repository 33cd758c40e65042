"""Restricted script environment: BPMN conditions, scripts and DMN entries run here.

Uploaded BPMN is untrusted. RestrictedPython compiles every expression and script so that
imports, dunder/underscore attribute access, ``exec``/``eval``/``open`` and printing are
impossible; the only callables in scope are a small allowlist of builtins and helpers
(engine/restricted.py). Scripts, and expressions that could loop, call or build large values, run
in a worker process under the operator's time and size limits (engine/sandbox.py); plain
comparisons of task data (most gateway conditions and DMN entries) run in-process.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine
from SpiffWorkflow.bpmn.script_engine.python_environment import BasePythonScriptEngineEnvironment

from .restricted import (
    HELPERS,
    ScriptRejected,
    base_globals,
    compile_expression,
    compile_script,
    is_bounded_expression,
    referenced_names,
)
from .sandbox import ScriptLimitExceeded, ScriptLimits, run_limited

__all__ = ["HELPERS", "RestrictedScriptEngine", "ScriptLimitExceeded", "ScriptLimits", "ScriptRejected",
           "check_expression", "check_script"]


class RestrictedEnvironment(BasePythonScriptEngineEnvironment):  # type: ignore[misc]
    """Evaluates with RestrictedPython; task data is the only mutable state scripts see."""

    def __init__(self, limits: ScriptLimits) -> None:
        super().__init__(base_globals())
        self.limits = limits

    def evaluate(self, expression: str, context: Mapping[str, Any],
                 external_context: Mapping[str, Any] | None = None) -> Any:
        code = compile_expression(expression)
        if is_bounded_expression(expression):
            return eval(code, {**context, **(external_context or {}), **self.globals})
        names = referenced_names(code)
        return run_limited(self.limits, "eval", expression, _pick(context, names),
                           _pick(external_context or {}, names))

    def execute(self, script: str, context: dict[str, Any],
                external_context: Mapping[str, Any] | None = None) -> bool:
        clashes = (set(self.globals) | set(external_context or {})) & set(context)
        if clashes:
            raise ValueError(f"task data overwrites predefined names: {sorted(clashes)}")
        names = referenced_names(compile_script(script))
        updates, deleted = run_limited(self.limits, "exec", script, _pick(context, names),
                                       _pick(external_context or {}, names))
        for name in deleted:
            del context[name]
        context.update(updates)
        return True

    def call_service(self, context: Any, **kwargs: Any) -> Any:
        raise ScriptRejected("service tasks are not supported")


def _pick(values: Mapping[str, Any], names: frozenset[str]) -> dict[str, Any]:
    return {name: values[name] for name in names if name in values}


class RestrictedScriptEngine(PythonScriptEngine):  # type: ignore[misc]
    def __init__(self, limits: ScriptLimits | None = None) -> None:
        super().__init__(environment=RestrictedEnvironment(limits or ScriptLimits()))

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
