"""Parse and validate a deployment bundle (one .bpmn + the .dmn and form files it uses).

Every check reports a `BundleProblem` with file, line and element id, and all problems are
collected before failing so a designer fixes them in one pass.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError
from lxml import etree
from SpiffWorkflow.bpmn.parser.ValidationException import ValidationException
from SpiffWorkflow.bpmn.specs.bpmn_process_spec import BpmnProcessSpec
from SpiffWorkflow.spiff.parser.process import VALIDATOR, SpiffBpmnParser

from ..domain.problems import BundleInvalid, BundleProblem
from .bundle_messages import executable_process_id, from_spiff, lane_problem, readable, with_elements
from .dmn_inputs import check_dmn_inputs
from .expressions import check_bpmn_expressions, check_dmn_expressions
from .safexml import parse_untrusted

NS = {
    "bpmn": "http://www.omg.org/spec/BPMN/20100524/MODEL",
    "spiffworkflow": "http://spiffworkflow.org/bpmn/schema/1.0/core",
}
FORM_PROPERTY = "formJsonSchemaFilename"
DEADLINE_PROPERTY = "deadline"


@dataclass(frozen=True)
class UserTaskDef:
    id: str
    name: str
    lane: str | None
    form_file: str
    properties: Mapping[str, str]


@dataclass
class ParsedBundle:
    key: str
    name: str
    content_hash: str
    files: dict[str, str]  # what was stored: bpmn, dmn and form sources by file name
    spec: BpmnProcessSpec
    subprocess_specs: dict[str, BpmnProcessSpec]
    user_tasks: dict[str, UserTaskDef]
    start_form: str | None = None
    forms: dict[str, dict[str, Any]] = field(default_factory=dict)


def parse_bundle(
    files: Mapping[str, bytes],
    forms_dir: Path,
    known_roles: set[str],
    check_deadline: Callable[[str], str | None] = lambda _text: None,
) -> ParsedBundle:
    bpmn_names = [n for n in files if n.endswith(".bpmn")]
    if len(bpmn_names) != 1:
        raise BundleInvalid([BundleProblem("bundle", f"a bundle needs exactly one .bpmn file, got {len(bpmn_names)}",
                                           code="bundle.one_bpmn", params=(("n", str(len(bpmn_names))),))])
    bpmn_name = bpmn_names[0]
    roots = _parse_all(files, bpmn_name)
    root = roots[bpmn_name]
    dmn_roots = {n: r for n, r in roots.items() if n != bpmn_name}

    parser = SpiffBpmnParser(validator=VALIDATOR)
    name = bpmn_name
    try:
        parser.add_bpmn_xml(etree.ElementTree(root), filename=bpmn_name)
        for name, dmn in dmn_roots.items():
            parser.add_dmn_xml(dmn, filename=name)
    except ValidationException as err:
        raise BundleInvalid([from_spiff(err, name, roots)]) from err
    except Exception as err:  # the engine's parser fails in many ways on foreign files
        raise BundleInvalid([_unreadable(name, err)]) from err

    key = executable_process_id(root, bpmn_name)
    problems = check_bpmn_expressions(root, bpmn_name, check_deadline)
    for name, dmn in dmn_roots.items():
        problems += check_dmn_expressions(dmn, name)
    problems += _check_lanes(root, bpmn_name, known_roles)
    user_tasks, forms, form_problems = _user_tasks_and_forms(root, bpmn_name, files, forms_dir)
    problems += form_problems
    start_form, start_problems = _start_form(root, bpmn_name, files, forms_dir, forms)
    problems += start_problems
    if not problems:  # the names a table reads, once every form is known
        problems += check_dmn_inputs(root, dmn_roots, forms)
    if problems:
        raise BundleInvalid(with_elements(problems, roots))

    try:
        spec = parser.get_spec(key)
        subprocess_specs = parser.get_subprocess_specs(key)
    except ValidationException as err:
        raise BundleInvalid([from_spiff(err, bpmn_name, roots)]) from err
    except Exception as err:  # the engine's parser fails in many ways on foreign files
        raise BundleInvalid([_unreadable(bpmn_name, err)]) from err

    stored = {bpmn_name: files[bpmn_name].decode("utf-8")}
    stored.update({n: files[n].decode("utf-8") for n in dmn_roots})
    stored.update({n: json.dumps(s, ensure_ascii=False, sort_keys=True) for n, s in forms.items()})
    return ParsedBundle(
        key=key,
        name=_process_name(root, key),
        content_hash=content_hash(stored),
        files=stored,
        spec=spec,
        subprocess_specs=subprocess_specs,
        user_tasks=user_tasks,
        start_form=start_form,
        forms=forms,
    )


def content_hash(files: Mapping[str, str]) -> str:
    digest = hashlib.sha256()
    for name in sorted(files):
        digest.update(name.encode() + b"\0" + files[name].encode() + b"\0")
    return digest.hexdigest()


def _process_name(root: etree._Element, key: str) -> str:
    names = root.xpath("//bpmn:process[@id=$id]/@name", namespaces=NS, id=key)
    return str(names[0]) if names else key


def _parse_all(files: Mapping[str, bytes], bpmn_name: str) -> dict[str, etree._Element]:
    """Every .bpmn and .dmn parsed, all syntax problems together; a .dmn must be a DMN document."""
    roots: dict[str, etree._Element] = {}
    problems: list[BundleProblem] = []
    for name in [bpmn_name, *sorted(n for n in files if n.endswith(".dmn"))]:
        try:
            roots[name] = parse_untrusted(files[name], name)
        except BundleInvalid as err:
            problems += err.problems
            continue
        expected = "DMN" if name.endswith(".dmn") else "BPMN"
        qname = etree.QName(roots[name])
        if qname.localname != "definitions" or f"/{expected}/" not in (qname.namespace or ""):
            problems.append(BundleProblem(name, f"this is not a {expected} file: the root element is "
                                                f"<{qname.localname}>, a {expected} export starts with "
                                                f"<definitions> in the OMG {expected} namespace", 1,
                                          code="xml.wrong_kind", params=(("file", name), ("expected", expected),
                                                                         ("root", qname.localname))))
    if problems:
        raise BundleInvalid(problems)
    return roots


def _unreadable(filename: str, err: Exception) -> BundleProblem:
    return BundleProblem(filename, f"the engine cannot read this file ({type(err).__name__}: "
                                   f"{readable(str(err))}); check that it is a complete BPMN 2.0 or DMN export",
                         code="engine.unreadable", params=(("file", filename),))


def _check_lanes(root: etree._Element, filename: str, known_roles: set[str]) -> list[BundleProblem]:
    problems = [p for lane in root.xpath("//bpmn:lane", namespaces=NS)
                if (p := lane_problem(lane, filename, known_roles)) is not None]
    laned = set(root.xpath("//bpmn:lane/bpmn:flowNodeRef/text()", namespaces=NS))
    has_lanes = bool(root.xpath("//bpmn:lane", namespaces=NS))
    for node in root.xpath("//bpmn:userTask|//bpmn:manualTask", namespaces=NS):
        if has_lanes and node.get("id") not in laned or not has_lanes:
            problems.append(BundleProblem(filename, "user task is not in a lane naming a role",
                                          node.sourceline, node.get("id"), "task.not_in_lane"))
    return problems


def _user_tasks_and_forms(
    root: etree._Element, filename: str, files: Mapping[str, bytes], forms_dir: Path
) -> tuple[dict[str, UserTaskDef], dict[str, dict[str, Any]], list[BundleProblem]]:
    lane_of = {ref: str(lane.get("name"))
               for lane in root.xpath("//bpmn:lane", namespaces=NS)
               for ref in lane.xpath("bpmn:flowNodeRef/text()", namespaces=NS)}
    tasks: dict[str, UserTaskDef] = {}
    forms: dict[str, dict[str, Any]] = {}
    problems: list[BundleProblem] = []
    for node in root.xpath("//bpmn:userTask|//bpmn:manualTask", namespaces=NS):
        task_id = str(node.get("id"))
        props = {str(p.get("name")): str(p.get("value")) for p in node.xpath(
            "bpmn:extensionElements/spiffworkflow:properties/spiffworkflow:property", namespaces=NS)}
        form_file = props.get(FORM_PROPERTY)
        if not form_file:
            problems.append(BundleProblem(filename, f"user task has no '{FORM_PROPERTY}' property",
                                          node.sourceline, task_id, "task.no_form"))
            continue
        if form_file not in forms:
            schema, problem = _load_form(form_file, files, forms_dir)
            if problem:
                problems.append(BundleProblem(filename, problem[0], node.sourceline, task_id, problem[1],
                                              (("form", form_file),)))
                continue
            forms[form_file] = schema
        tasks[task_id] = UserTaskDef(task_id, str(node.get("name") or task_id), lane_of.get(task_id),
                                     form_file, props)
    return tasks, forms, problems


def _start_form(root: etree._Element, filename: str, files: Mapping[str, bytes], forms_dir: Path,
                forms: dict[str, dict[str, Any]]) -> tuple[str | None, list[BundleProblem]]:
    """The form that validates the data a process is started with, if the start event names one."""
    for node in root.xpath("//bpmn:process/bpmn:startEvent", namespaces=NS):
        names = node.xpath(f"bpmn:extensionElements/spiffworkflow:properties/spiffworkflow:property"
                           f"[@name='{FORM_PROPERTY}']/@value", namespaces=NS)
        if names:
            schema, problem = _load_form(str(names[0]), files, forms_dir)
            if problem:
                return None, [BundleProblem(filename, problem[0], node.sourceline, node.get("id"), problem[1],
                                            (("form", str(names[0])),))]
            forms[str(names[0])] = schema
            return str(names[0]), []
    return None, []


def _load_form(name: str, files: Mapping[str, bytes],
               forms_dir: Path) -> tuple[dict[str, Any], tuple[str, str] | None]:
    """The form's schema, or (the problem, its code)."""
    if "/" in name or "\\" in name or name.startswith("."):
        return {}, (f"form file name '{name}' must be a plain file name", "form.bad_name")
    if name in files:
        raw = files[name]
    elif (forms_dir / name).is_file():
        raw = (forms_dir / name).read_bytes()
    else:
        return {}, (f"form '{name}' is neither in the bundle nor in forms/", "form.missing")
    problem = _schema_problem(raw)
    if problem is not None:
        return {}, (f"form '{name}' is not a valid JSON Schema: {problem}", "form.not_a_schema")
    return json.loads(raw), None


@lru_cache(maxsize=256)
def _schema_problem(raw: bytes) -> str | None:
    """What makes these bytes no JSON Schema (its first line), or None. Cached by content: checking a
    schema against the metaschema costs ~8 ms, and an unchanged form is checked again at every deploy
    of its bundle, every start (deploy on start) and every simulation's world."""
    try:
        Draft202012Validator.check_schema(json.loads(raw))
    except (ValueError, SchemaError) as err:
        return str(err).splitlines()[0]
    return None
