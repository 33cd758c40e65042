"""The names a decision table reads must be set somewhere in the process that calls it.

A table's input expression (`score`) reads the task data: a form field, a script's assignment, a
multi-instance output or another decision's output. A name nothing sets (`scor`, `diem`) would only fail
when the table runs, so it is refused at deploy, on the decision, with the closest known names.
"""

from __future__ import annotations

import ast
import difflib
from collections.abc import Iterable, Mapping
from typing import Any

from lxml import etree

from ..domain.problems import BundleProblem
from .restricted import base_globals

NS = {
    "bpmn": "http://www.omg.org/spec/BPMN/20100524/MODEL",
    "spiffworkflow": "http://spiffworkflow.org/bpmn/schema/1.0/core",
}
_SCRIPTS = ("//bpmn:scriptTask/bpmn:script", "//spiffworkflow:preScript", "//spiffworkflow:postScript")


def check_dmn_inputs(root: etree._Element, dmn_roots: Mapping[str, etree._Element],
                     forms: Mapping[str, Mapping[str, Any]]) -> list[BundleProblem]:
    called = {(t or "").strip() for t in root.xpath("//spiffworkflow:calledDecisionId/text()", namespaces=NS)}
    known = _set_names(root, dmn_roots.values(), forms.values())
    problems: list[BundleProblem] = []
    for filename, dmn in dmn_roots.items():
        for decision in dmn.iter("{*}decision"):
            if decision.get("id") not in called:
                continue  # a table of another process bundled alongside
            for node in decision.iter("{*}inputExpression"):
                text_node = node.find("{*}text")
                for name in _read_names((text_node.text if text_node is not None else "") or ""):
                    if name not in known:
                        problems.append(_unknown(filename, decision, node, name, known))
    return problems


def _unknown(filename: str, decision: etree._Element, node: etree._Element, name: str,
             known: set[str]) -> BundleProblem:
    builtin = set(base_globals()) | set(base_globals()["__builtins__"])
    close = difflib.get_close_matches(name, sorted(known - builtin), n=3, cutoff=0.6)
    hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else \
        "; use a form field, a script's variable or another decision's output"
    return BundleProblem(filename, f"the input expression of decision {decision.get('id')} reads '{name}', "
                                   f"which no form field, script or decision of the process sets{hint}",
                         node.sourceline, str(decision.get("id")), "decision.unknown_input",
                         (("name", name), ("close", ", ".join(close))))


def _read_names(text: str) -> set[str]:
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError:
        return set()  # reported by the expression check
    loaded = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
    bound = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
    return loaded - bound


def _set_names(root: etree._Element, dmns: Iterable[etree._Element],
               forms: Iterable[Mapping[str, Any]]) -> set[str]:
    names = set(base_globals()) | set(base_globals()["__builtins__"])
    for form in forms:
        names |= _form_fields(form)
    for path in _SCRIPTS:
        for node in root.xpath(path, namespaces=NS):
            try:
                tree = ast.parse(node.text or "")
            except SyntaxError:
                continue
            names |= {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
    names |= {str(t).strip() for t in root.xpath(
        "//bpmn:loopDataOutputRef/text()|//bpmn:loopDataInputRef/text()", namespaces=NS)}
    names |= {str(n) for n in root.xpath("//bpmn:outputDataItem/@name|//bpmn:inputDataItem/@name"
                                         "|//bpmn:dataObject/@id|//bpmn:dataObject/@name", namespaces=NS)}
    for dmn in dmns:
        names |= {str(o.get("name")) for o in dmn.iter("{*}output") if o.get("name")}
    return names


def _form_fields(schema: Mapping[str, Any]) -> set[str]:
    found: set[str] = set()
    stack: list[Any] = [schema]
    while stack:
        node = stack.pop()
        if isinstance(node, Mapping):
            props = node.get("properties")
            if isinstance(props, Mapping):
                found |= {str(k) for k in props}
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return found
