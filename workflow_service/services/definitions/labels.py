"""The words a process diagram shows: the names of its process, pools, lanes, steps, events, gateways and
flows, as the diagram viewer draws them. An English page translates each of them through the content
catalog; tests/web/test_translations.py fails when one of bpmn/*.bpmn has no English."""

from __future__ import annotations

import functools

from lxml import etree

from ...engine.safexml import parse_untrusted
from ...persistence.models import ProcessDefinition
from .deploy import bpmn_of

BPMN_MODEL = "http://www.omg.org/spec/BPMN/20100524/MODEL"
# Named in the model but never drawn: a multi-instance step's item variables, a task's data inputs and
# outputs, and the definitions that events refer to.
NOT_DRAWN = frozenset({"inputDataItem", "outputDataItem", "dataInput", "dataOutput", "property", "message",
                       "signal", "error", "escalation", "itemDefinition"})


@functools.lru_cache(maxsize=64)
def _labels(xml: str) -> tuple[str, ...]:
    root = parse_untrusted(xml.encode("utf-8"), "diagram.bpmn")
    found: dict[str, None] = {}
    for element in root.iter(f"{{{BPMN_MODEL}}}*"):
        name = (element.get("name") or "").strip()
        if name and etree.QName(element).localname not in NOT_DRAWN:
            found[name] = None
    return tuple(found)


def shown_labels(xml: str) -> list[str]:
    """Every distinct name the diagram of this BPMN shows, in document order (lanes' role codes included)."""
    return list(_labels(xml))


def diagram_labels(definition: ProcessDefinition) -> list[str]:
    """The names a version's diagram shows, and the version's own name (the pages' titles)."""
    return list(dict.fromkeys([definition.name, *shown_labels(bpmn_of(definition)[1])]))


@functools.lru_cache(maxsize=64)
def _element_names(xml: str) -> tuple[tuple[str, str], ...]:
    root = parse_untrusted(xml.encode("utf-8"), "diagram.bpmn")
    return tuple((str(e.get("id")), str(e.get("name")).strip()) for e in root.iter(f"{{{BPMN_MODEL}}}*")
                 if e.get("id") and (e.get("name") or "").strip())


def element_names(xml: str) -> dict[str, str]:
    """Element id → its name as the diagram shows it (elements without a name are left out)."""
    return dict(_element_names(xml))
