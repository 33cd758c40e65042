"""Compare two versions of a process element by element.

Each element with an id is reduced to a signature: its tag, its attributes and the content it owns
(documentation, extension properties, conditions, incoming/outgoing flows) — but not the children
that have ids of their own, which are compared on their own. Layout (BPMN DI) and the order of
children are ignored, so moving a shape or re-saving in another editor is not a change.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from ...domain.access import Actor
from ...engine.safexml import parse_untrusted
from ..context import ServiceContext
from ..definitions.deploy import bpmn_of
from .versions import get_version, require_designer

BPMN_MODEL = "http://www.omg.org/spec/BPMN/20100524/MODEL"
SPIFF_PROPERTY = "{http://spiffworkflow.org/bpmn/schema/1.0/core}property"
# Attributes some editors write out and others leave implicit, with the same meaning either way.
_DEFAULTS = {"isSequential": "false", "isInterrupting": "true", "cancelActivity": "true",
             "isForCompensation": "false", "startQuantity": "1", "completionQuantity": "1",
             "isImmediate": "false", "parallelMultiple": "false", "isClosed": "false"}


@dataclass(frozen=True)
class VersionDiff:
    key: str
    old_version: int
    new_version: int
    added: list[str]
    removed: list[str]
    changed: list[str]
    names: dict[str, str]  # element id -> name, from whichever version has it
    details: dict[str, list[str]]  # changed element id -> what changed, e.g. "deadline: 15 … → 20 …"


def compare_versions(ctx: ServiceContext, actor: Actor, key: str, old: int, new: int) -> VersionDiff:
    require_designer(actor)
    _n, old_xml = bpmn_of(get_version(ctx, key, old))
    _n, new_xml = bpmn_of(get_version(ctx, key, new))
    before, after = element_signatures(old_xml), element_signatures(new_xml)
    names = {**_names(old_xml), **_names(new_xml)}
    changed = sorted(i for i in before.keys() & after.keys() if before[i] != after[i])
    old_facts, new_facts = _facts(old_xml), _facts(new_xml)
    return VersionDiff(
        key, old, new,
        added=sorted(after.keys() - before.keys()),
        removed=sorted(before.keys() - after.keys()),
        changed=changed,
        names={i: n for i, n in names.items() if n},
        details={i: _describe(old_facts.get(i, {}), new_facts.get(i, {})) for i in changed},
    )


def element_signatures(xml: str) -> dict[str, str]:
    root = parse_untrusted(xml.encode("utf-8"), "diagram.bpmn")
    signatures: dict[str, str] = {}
    for node in root.iter():
        if not isinstance(node.tag, str) or node.get("id") is None or node is root:
            continue
        if not _in_model(node):
            continue
        signatures[str(node.get("id"))] = _signature(node)
    return signatures


def _in_model(node: etree._Element) -> bool:
    """Process elements only: the diagram interchange (shapes, edges) is layout, not behaviour."""
    return etree.QName(node).namespace == BPMN_MODEL or _has_model_ancestor(node)


def _has_model_ancestor(node: etree._Element) -> bool:
    parent = node.getparent()
    while parent is not None and parent.getparent() is not None:
        if etree.QName(parent).namespace == BPMN_MODEL:
            return True
        parent = parent.getparent()
    return False


def _signature(node: etree._Element) -> str:
    attrs = sorted((str(k), str(v)) for k, v in node.attrib.items()
                   if k != "id" and _DEFAULTS.get(str(k)) != v)
    owned = sorted(_signature(child) for child in node
                   if isinstance(child.tag, str) and child.get("id") is None)
    text = " ".join((node.text or "").split())
    return f"<{node.tag} {attrs}>{text}{''.join(owned)}</>"


def _names(xml: str) -> dict[str, str]:
    root = parse_untrusted(xml.encode("utf-8"), "diagram.bpmn")
    return {str(n.get("id")): str(n.get("name") or "") for n in root.iter()
            if isinstance(n.tag, str) and n.get("id") is not None}


def _facts(xml: str) -> dict[str, dict[str, str]]:
    """Per element: its attributes and its spiffworkflow properties, the things a designer edits."""
    root = parse_untrusted(xml.encode("utf-8"), "diagram.bpmn")
    facts: dict[str, dict[str, str]] = {}
    for node in root.iter():
        if isinstance(node.tag, str) and node.get("id") is not None:
            found = {etree.QName(k).localname: str(v) for k, v in node.attrib.items() if k != "id"}
            for prop in node.iter(SPIFF_PROPERTY):
                found[str(prop.get("name"))] = str(prop.get("value") or "")
            facts[str(node.get("id"))] = found
    return facts


def _describe(old: dict[str, str], new: dict[str, str]) -> list[str]:
    lines = [f"{k}: {old.get(k, '—')} → {new.get(k, '—')}" for k in sorted(old.keys() | new.keys())
             if old.get(k) != new.get(k) and _DEFAULTS.get(k) not in (old.get(k), new.get(k))]
    return lines or ["content (flows, conditions, scripts or documentation)"]
