"""Compare two versions of a process element by element.

Each element with an id is reduced to a signature: its tag, its attributes and the content it owns
(documentation, extension properties, conditions, incoming/outgoing flows) — but not the children
that have ids of their own, which are compared on their own. Layout (BPMN DI) and the order of
children are ignored, so moving a shape or re-saving in another editor is not a change.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

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


CONTENT = "content (flows, conditions, scripts or documentation)"


@dataclass(frozen=True)
class Change:
    """One thing that changed on an element. `attribute`: an attribute or spiffworkflow property (kind
    "attribute": name, deadline, formJsonSchemaFilename, targetRef, …) or a piece of owned content (kind
    "content": conditionExpression, script, documentation, incoming, …; "" when it cannot be told which).
    `old`/`new` are None when absent."""

    attribute: str
    old: str | None
    new: str | None
    kind: str = "attribute"

    def english(self) -> str:
        if self.kind == "content":
            return CONTENT
        return f"{self.attribute}: {'—' if self.old is None else self.old} → {'—' if self.new is None else self.new}"


@dataclass(frozen=True)
class VersionDiff:
    key: str
    old_version: int
    new_version: int
    added: list[str]
    removed: list[str]
    changed: list[str]
    names: dict[str, str]  # element id -> name, from whichever version has it
    changes: dict[str, list[Change]]  # changed element id -> what changed
    form_titles: dict[str, str] = field(default_factory=dict)  # form file -> its title, from either version

    @property
    def details(self) -> dict[str, list[str]]:
        """What changed in English (the API's answer): "deadline: 15 working days → 20 working days", or one
        line saying the content changed when no attribute did."""
        return {element: [c.english() for c in found if c.kind == "attribute"] or [CONTENT]
                for element, found in self.changes.items()}


def compare_versions(ctx: ServiceContext, actor: Actor, key: str, old: int, new: int) -> VersionDiff:
    require_designer(actor)
    old_definition, new_definition = get_version(ctx, key, old), get_version(ctx, key, new)
    _n, old_xml = bpmn_of(old_definition)
    _n, new_xml = bpmn_of(new_definition)
    before, after = element_signatures(old_xml), element_signatures(new_xml)
    names = {**_names(old_xml), **_names(new_xml)}
    changed = sorted(i for i in before.keys() & after.keys() if before[i] != after[i])
    old_facts, new_facts = _facts(old_xml), _facts(new_xml)
    old_content, new_content = _content(old_xml), _content(new_xml)
    return VersionDiff(
        key, old, new,
        added=sorted(after.keys() - before.keys()),
        removed=sorted(before.keys() - after.keys()),
        changed=changed,
        names={i: n for i, n in names.items() if n},
        changes={i: _describe(old_facts.get(i, {}), new_facts.get(i, {}),
                              old_content.get(i, {}), new_content.get(i, {})) for i in changed},
        form_titles={**_form_titles(old_definition.files), **_form_titles(new_definition.files)},
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


def _content(xml: str) -> dict[str, dict[str, str]]:
    """Per element: the text of what it owns (conditionExpression, script, calledDecisionId, documentation,
    incoming/outgoing flows, …) by tag, several of a tag joined; not what its children with ids own."""
    root = parse_untrusted(xml.encode("utf-8"), "diagram.bpmn")
    found: dict[str, dict[str, str]] = {}
    for node in root.iter():
        if isinstance(node.tag, str) and node.get("id") is not None:
            texts: dict[str, list[str]] = {}
            _owned_texts(node, texts)
            found[str(node.get("id"))] = {tag: ", ".join(sorted(v)) for tag, v in texts.items()}
    return found


def _owned_texts(node: etree._Element, texts: dict[str, list[str]]) -> None:
    for child in node:
        if not isinstance(child.tag, str) or child.get("id") is not None or child.tag == SPIFF_PROPERTY:
            continue
        text = " ".join((child.text or "").split())
        if text:
            texts.setdefault(etree.QName(child).localname, []).append(text)
        _owned_texts(child, texts)


def _form_titles(files: dict[str, str]) -> dict[str, str]:
    titles = {}
    for name, text in files.items():
        if name.endswith(".json"):
            try:
                title = json.loads(text).get("title")
            except (ValueError, AttributeError):
                continue
            if isinstance(title, str) and title:
                titles[name] = title
    return titles


def _describe(old: dict[str, str], new: dict[str, str], old_content: dict[str, str],
              new_content: dict[str, str]) -> list[Change]:
    # an attribute written out with its default value is the same as one left implicit
    changes = [Change(k, old.get(k), new.get(k)) for k in sorted(old.keys() | new.keys())
               if old.get(k, _DEFAULTS.get(k)) != new.get(k, _DEFAULTS.get(k))]
    changes += [Change(k, old_content.get(k), new_content.get(k), "content")
                for k in sorted(old_content.keys() | new_content.keys()) if old_content.get(k) != new_content.get(k)]
    return changes or [Change("", None, None, "content")]
