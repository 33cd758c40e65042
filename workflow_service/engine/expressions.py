"""Deploy-time checks of every expression, script, timer and deadline in a bundle."""

from __future__ import annotations

import ast
import re
from collections.abc import Callable

from lxml import etree
from SpiffWorkflow.bpmn.specs.event_definitions.timer import TimerEventDefinition

from ..domain.problems import BundleProblem
from .scripting import check_expression, check_script

NS = {
    "bpmn": "http://www.omg.org/spec/BPMN/20100524/MODEL",
    "spiffworkflow": "http://spiffworkflow.org/bpmn/schema/1.0/core",
}
_EXPRESSIONS = (
    "//bpmn:conditionExpression",
    "//bpmn:loopCardinality",
    "//bpmn:completionCondition",
)
_SCRIPTS = ("//bpmn:scriptTask/bpmn:script", "//spiffworkflow:preScript", "//spiffworkflow:postScript")
_TIMERS = {
    "timeDate": TimerEventDefinition.get_datetime,
    "timeDuration": TimerEventDefinition.parse_time_or_duration,
    "timeCycle": TimerEventDefinition.parse_iso_recurring_interval,
}


def _owner_id(node: etree._Element) -> str | None:
    while node is not None and node.get("id") is None:
        node = node.getparent()
    return None if node is None else str(node.get("id"))


def _problem(filename: str, node: etree._Element, message: str, code: str | None = None,
             params: tuple[tuple[str, str], ...] = ()) -> BundleProblem:
    return BundleProblem(filename, message, node.sourceline, _owner_id(node), code, params)


def check_bpmn_expressions(
    root: etree._Element, filename: str, check_deadline: Callable[[str], str | None]
) -> list[BundleProblem]:
    problems: list[BundleProblem] = []
    for path in _EXPRESSIONS:
        for node in root.xpath(path, namespaces=NS):
            juel = _juel(node.text or "")
            if juel is not None:
                problems.append(_problem(filename, node, f"{_where(node)} is JUEL (Camunda): "
                                                         f"'{(node.text or '').strip()}'; write it as a Python "
                                                         f"expression: {juel}", "expression.juel",
                                         (("written", (node.text or "").strip()), ("python", juel))))
                continue
            reason = check_expression((node.text or "").strip() or "None")
            if reason:
                problems.append(_problem(filename, node, f"expression does not compile: {reason}",
                                         "expression.invalid", (("written", (node.text or "").strip()),)))
    for path in _SCRIPTS:
        for node in root.xpath(path, namespaces=NS):
            reason = check_script(node.text or "")
            if reason:
                problems.append(_problem(filename, node, f"script rejected: {reason}", "script.rejected"))
    for kind, parse in _TIMERS.items():
        for node in root.xpath(f"//bpmn:timerEventDefinition/bpmn:{kind}", namespaces=NS):
            reason = _timer_problem((node.text or "").strip(), parse)
            if reason:
                problems.append(_problem(filename, node, f"{kind} {reason}", "timer.invalid", (("kind", kind),)))
    for node in root.xpath("//spiffworkflow:property[@name='deadline']", namespaces=NS):
        reason = check_deadline(str(node.get("value") or ""))
        if reason:
            problems.append(_problem(filename, node, reason, "deadline.invalid",
                                     (("value", str(node.get("value") or "")),)))
    return problems + _supplement_problems(root, filename)


def _juel(text: str) -> str | None:
    found = re.fullmatch(r"\s*[#$]\{(.*)\}\s*", text, re.DOTALL)
    return found.group(1).strip() if found else None


def _where(node: etree._Element) -> str:
    owner = node.getparent()
    kind = etree.QName(owner).localname if owner is not None else "element"
    what = {"sequenceFlow": "condition on flow"}.get(kind, f"{etree.QName(node).localname} of {kind}")
    return f"{what} {_owner_id(node)}"


def _supplement_problems(root: etree._Element, filename: str) -> list[BundleProblem]:
    """`deadlinePause` is pause|restart; `supplementFor` names a user task of the same file."""
    problems = []
    for node in root.xpath("//spiffworkflow:property[@name='deadlinePause']", namespaces=NS):
        if node.get("value") not in ("pause", "restart"):
            problems.append(_problem(filename, node, f"deadlinePause '{node.get('value')}' must be "
                                                     "'pause' or 'restart'", "deadline.pause_value",
                                     (("value", str(node.get("value") or "")),)))
    user_tasks = {str(n.get("id")) for n in root.xpath("//bpmn:userTask", namespaces=NS)}
    for node in root.xpath("//spiffworkflow:property[@name='supplementFor']", namespaces=NS):
        if node.get("value") not in user_tasks:
            problems.append(_problem(filename, node, f"supplementFor '{node.get('value')}' is not a user "
                                                     "task of this process", "deadline.supplement_target",
                                     (("value", str(node.get("value") or "")),)))
    return problems


def _timer_problem(text: str, parse: Callable[[str], object]) -> str | None:
    reason = check_expression(text or "None")
    if reason:
        return f"expression does not compile: {reason}"
    try:
        literal = ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return None  # computed at run time from task data; checked when it fires
    if not isinstance(literal, str):
        return f"must be an ISO 8601 string, got {text}"
    try:
        parse(literal)
    except Exception as err:  # noqa: BLE001 - the library raises bare Exception for bad ISO text
        return f"'{literal}' is not valid ISO 8601: {err}"
    return None


def check_dmn_expressions(root: etree._Element, filename: str) -> list[BundleProblem]:
    """Each input expression and rule entry compiles; problems point at the decision or the rule."""
    problems: list[BundleProblem] = []
    for node in root.iter("{*}inputExpression", "{*}inputEntry", "{*}outputEntry"):
        text_node = node.find("{*}text")
        raw = ((text_node.text if text_node is not None else "") or "").strip()
        text = raw.replace("?", "dmninputexpr")
        if not text or text == "-":
            continue
        reason = check_expression(text)
        if reason and check_expression(f"v {text}"):
            problems.append(_dmn_problem(filename, node, raw, reason))
    return problems


def _dmn_problem(filename: str, node: etree._Element, raw: str, reason: str) -> BundleProblem:
    kind = etree.QName(node).localname
    owner = _dmn_owner(node, "decision" if kind == "inputExpression" else "rule")
    where = {"inputExpression": f"the input expression of decision {owner.get('id')}",
             "inputEntry": f"an input entry of rule {owner.get('id')}",
             "outputEntry": f"an output entry of rule {owner.get('id')}"}[kind]
    juel = re.fullmatch(r"[#$]\{(.*)\}", raw, re.DOTALL)
    params: tuple[tuple[str, str], ...]
    if juel:
        message = f"{where} is JUEL (Camunda): '{raw}'; write it as a Python expression: {juel.group(1).strip()}"
        code, params = "expression.juel", (("written", raw), ("python", juel.group(1).strip()))
    else:
        message = f"{where} is not a valid expression: '{raw}' ({reason}); write a Python expression " \
                  "over the process data, e.g. score, or a test such as >= 90"
        code, params = "expression.invalid", (("written", raw),)
    return BundleProblem(filename, message, node.sourceline, str(owner.get("id")), code, params)


def _dmn_owner(node: etree._Element, kind: str) -> etree._Element:
    owner = node
    while owner.getparent() is not None and etree.QName(owner).localname != kind:
        owner = owner.getparent()
    return owner if etree.QName(owner).localname == kind and owner.get("id") else node
