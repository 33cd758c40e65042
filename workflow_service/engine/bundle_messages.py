"""Problems in words a designer can act on, for models drafted in other modelers.

Camunda Modeler, Signavio, Bizagi and Trisotech exports reach SpiffWorkflow with pools it does not
run, unnamed lanes, JUEL and references to objects left out of the export. The engine's own messages
name Python objects (`<Element … at 0x7f…>`) and XML namespaces; here each becomes a sentence naming
the element (id and line) and what to change.
"""

from __future__ import annotations

import re
from dataclasses import replace

from lxml import etree
from SpiffWorkflow.bpmn.parser.ValidationException import ValidationException

from ..domain.problems import BundleInvalid, BundleProblem

NS = {"bpmn": "http://www.omg.org/spec/BPMN/20100524/MODEL"}
ROLE_EXAMPLES = "applicant, commune_officer, province_office, province_council, …"
_ADDRESS = re.compile(r"<Element \{[^}]*\}(\w+) at 0x[0-9a-fA-F]+>|<[^<>]* at 0x[0-9a-fA-F]+>| at 0x[0-9a-fA-F]+")
_NAMESPACED = re.compile(r"\{http://www\.omg\.org/spec/BPMN/[^}]*\}|\{https?://www\.omg\.org/spec/DMN/[^}]*\}")
_OTHER_NS = re.compile(r"\{(?:https?|urn):[^}]*\}")
def from_spiff(err: ValidationException, default_file: str, roots: dict[str, etree._Element]) -> BundleProblem:
    """A SpiffWorkflow validation error as a problem naming the element and what to do."""
    filename = err.file_name or default_file
    line = err.line_number if isinstance(err.line_number, int) else None
    element_id = err.id or None
    raw = str(err.args[0] if err.args else err)
    root = roots.get(filename)
    node = _by_id(root, element_id)
    if line is None and node is not None:
        line = node.sourceline
    kind = str(getattr(err, "tag", "") or (etree.QName(node).localname if node is not None else "element"))
    kind = kind.removeprefix("bpmn:")
    code: str | None = None
    params: tuple[tuple[str, str], ...] = ()
    if raw.startswith("Multiple outgoing flows are not supported") and node is not None:
        flows = [str(f.get("id")) for f in node.xpath("//bpmn:sequenceFlow[@sourceRef=$id]", namespaces=NS,
                                                           id=element_id)]
        message = (f"{kind} {element_id} has {len(flows)} outgoing flows ({', '.join(flows)}); a task may have "
                   "only one: add an exclusive gateway after it and put the conditions on the gateway's flows")
        code, params = "flow.several_outgoing", (("n", str(len(flows))),)
    elif raw.startswith(("Cannot resolve dataInputAssociation", "Cannot resolve dataOutputAssociation")):
        direction = "Input" if "dataInput" in raw else "Output"
        refs = node.xpath(f"bpmn:data{direction}Association/bpmn:{'sourceRef' if direction == 'Input' else 'targetRef'}"
                          "/text()", namespaces=NS) if node is not None else []
        missing = ", ".join(f"'{r}'" for r in refs) or "a data object"
        message = (f"{kind} {element_id} has a data{direction}Association with {missing}, which is not a data "
                   "object or data store in this file (the modeler left it out of the export); add the data "
                   "object reference or delete the association")
        code, params = "data.missing_reference", (("missing", missing),)
    elif raw.startswith("No DMN Diagram available with id"):
        wanted = raw.split('"')[1] if raw.count('"') >= 2 else "?"
        available = raw.split("Available DMN ids are:", 1)[-1].strip()
        message = (f"{kind} {element_id} calls decision '{wanted}', which no .dmn of the bundle defines; "
                   f"use one of the decision ids: {available}, or add the .dmn that defines it")
        code, params = "decision.missing", (("decision", wanted), ("available", available))
    else:  # worded by the engine: the page says so and keeps its words as technical detail
        message, code = readable(raw), "engine.rejected"
    if line is not None and element_id is None and root is not None:
        element_id = element_at_line(root, line)
    return BundleProblem(filename, message, line, element_id, code, params)


def readable(message: str) -> str:
    """Without Python object addresses and with bpmn:/dmn: instead of namespace URIs."""
    message = _ADDRESS.sub(lambda m: f"<{m.group(1)}>" if m.group(1) else "", message)
    return _OTHER_NS.sub("", _NAMESPACED.sub("", message))


def element_at_line(root: etree._Element, line: int) -> str | None:
    """The id of the element starting on `line`, or of the nearest element with an id around it."""
    best = None
    for node in root.iter():
        if not isinstance(node.tag, str) or node.sourceline is None:
            continue
        if node.sourceline > line:
            break
        best = node
    while best is not None and best.get("id") is None:
        best = best.getparent()
    return None if best is None else str(best.get("id"))


def with_elements(problems: list[BundleProblem], roots: dict[str, etree._Element]) -> list[BundleProblem]:
    """Each problem that has a line but no element id gets the element on that line."""
    out = []
    for p in problems:
        root = roots.get(p.file)
        element_id = p.element_id or (element_at_line(root, p.line) if root is not None and p.line else None)
        out.append(replace(p, message=readable(p.message), element_id=element_id))
    return out


def executable_process_id(root: etree._Element, filename: str) -> str:
    """The one process to run: the only process, or the only one marked isExecutable="true"."""
    processes = root.xpath("//bpmn:process", namespaces=NS)
    executable = [p for p in processes if p.get("isExecutable") == "true"] or processes
    if len(executable) == 1:
        return str(executable[0].get("id"))
    if not processes:
        raise BundleInvalid([BundleProblem(filename, "the file has no bpmn:process: export the process "
                                                     "model, not only a collaboration or a diagram", 1,
                                           code="process.none")])
    names = ", ".join(f"{p.get('id')}" + (f" ('{p.get('name')}')" if p.get("name") else "") for p in executable)
    marked = "are all marked" if all(p.get("isExecutable") == "true" for p in executable) else "none is marked"
    raise BundleInvalid([BundleProblem(
        filename, f"the file has {len(executable)} processes ({names}) and {marked} isExecutable=\"true\"; "
                  "exactly one must be: mark the process to run executable (in the modeler: "
                  "the pool's \"Executable\" checkbox) and the others not", p.sourceline, str(p.get("id")),
        "process.several_executable", (("n", str(len(executable))), ("names", names))) for p in executable])


def lane_problem(lane: etree._Element, filename: str, known_roles: set[str]) -> BundleProblem | None:
    name = lane.get("name")
    if name in known_roles:
        return None
    if not (name or "").strip():
        message, code = f"lane {lane.get('id')} has no name; name it after a role: {ROLE_EXAMPLES}", "lane.unnamed"
    else:
        message = (f"lane {lane.get('id')} is named '{name}', which is not a role; name it after a role: "
                   f"{', '.join(sorted(known_roles))}")
        code = "lane.not_a_role"
    return BundleProblem(filename, message, lane.sourceline, lane.get("id"), code, (("name", name or ""),))


def _by_id(root: etree._Element | None, element_id: str | None) -> etree._Element | None:
    if root is None or not element_id:
        return None
    found = root.xpath("//*[@id=$id]", id=element_id)
    return found[0] if found else None
