"""bpmn/ocop_evaluation.bpmn has a complete, tidy diagram: bpmn-js draws what the file says."""

from __future__ import annotations

from itertools import pairwise

from lxml import etree

from .evaluation_steps import BPMN_DIR, ROLES

NS = {
    "bpmn": "http://www.omg.org/spec/BPMN/20100524/MODEL",
    "bpmndi": "http://www.omg.org/spec/BPMN/20100524/DI",
    "dc": "http://www.omg.org/spec/DD/20100524/DC",
    "di": "http://www.omg.org/spec/DD/20100524/DI",
}
ROOT = etree.parse(str(BPMN_DIR / "ocop_evaluation.bpmn")).getroot()
Box = tuple[float, float, float, float]
Point = tuple[float, float]


def bounds(node: etree._Element) -> Box:
    return tuple(float(node.get(k)) for k in ("x", "y", "width", "height"))  # type: ignore[return-value]


SHAPES: dict[str, Box] = {s.get("bpmnElement"): bounds(s.find("dc:Bounds", NS))
                          for s in ROOT.iterfind(".//bpmndi:BPMNShape", NS)}
EDGES: dict[str, list[Point]] = {
    e.get("bpmnElement"): [(float(p.get("x")), float(p.get("y"))) for p in e.iterfind("di:waypoint", NS)]
    for e in ROOT.iterfind(".//bpmndi:BPMNEdge", NS)}
PROCESS = ROOT.find("bpmn:process", NS)
FLOWS = {f.get("id"): (f.get("sourceRef"), f.get("targetRef"))
         for f in PROCESS.iterfind("bpmn:sequenceFlow", NS)}
NODES = [n.get("id") for n in PROCESS
         if n.get("id") and etree.QName(n).localname not in ("sequenceFlow", "laneSet")]
LANES = {lane.get("name"): lane for lane in PROCESS.iterfind("bpmn:laneSet/bpmn:lane", NS)}


def inside(inner: Box, outer: Box) -> bool:
    return (outer[0] <= inner[0] and inner[0] + inner[2] <= outer[0] + outer[2]
            and outer[1] <= inner[1] and inner[1] + inner[3] <= outer[1] + outer[3])


def on_border(p: Point, box: Box) -> bool:
    x, y, w, h = box
    return (x <= p[0] <= x + w and y <= p[1] <= y + h) and (p[0] in (x, x + w) or p[1] in (y, y + h))


def crosses(p: Point, q: Point, box: Box) -> bool:
    """Does the orthogonal segment p–q pass through the inside of the box?"""
    x, y, w, h = box
    if p[0] == q[0]:
        return x < p[0] < x + w and min(p[1], q[1]) < y + h and max(p[1], q[1]) > y
    return y < p[1] < y + h and min(p[0], q[0]) < x + w and max(p[0], q[0]) > x


def test_every_element_is_drawn_once() -> None:
    participant = ROOT.find("bpmn:collaboration/bpmn:participant", NS).get("id")
    assert sorted(SHAPES) == sorted([participant, *(lane.get("id") for lane in LANES.values()), *NODES])
    assert sorted(EDGES) == sorted(FLOWS)
    assert len(ROOT.findall(".//bpmndi:BPMNShape", NS)) == len(SHAPES)


def test_lanes_are_the_roles_stacked_horizontally_inside_the_pool() -> None:
    assert set(LANES) == ROLES
    pool = SHAPES[ROOT.find("bpmn:collaboration/bpmn:participant", NS).get("id")]
    boxes = sorted(SHAPES[lane.get("id")] for lane in LANES.values())
    for box in boxes:
        assert inside(box, pool) and 150 <= box[3] <= 200
    rows = sorted(boxes, key=lambda b: b[1])
    assert all(a[1] + a[3] == b[1] for a, b in pairwise(rows))  # no gaps, no overlaps


def test_each_node_is_drawn_inside_its_lane() -> None:
    for lane in LANES.values():
        for ref in lane.iterfind("bpmn:flowNodeRef", NS):
            assert inside(SHAPES[ref.text], SHAPES[lane.get("id")]), ref.text
    refs = PROCESS.iterfind("bpmn:laneSet/bpmn:lane/bpmn:flowNodeRef", NS)
    assert sorted(ref.text for ref in refs) == sorted(NODES)  # every node in exactly one lane


def test_flows_join_their_nodes_and_go_around_the_others() -> None:
    for flow, (source, target) in FLOWS.items():
        points = EDGES[flow]
        assert on_border(points[0], SHAPES[source]) and on_border(points[-1], SHAPES[target]), flow
        for p, q in pairwise(points):
            assert p[0] == q[0] or p[1] == q[1], f"{flow} has a diagonal segment"
            assert not [n for n in NODES if n not in (source, target) and crosses(p, q, SHAPES[n])], flow


def test_nodes_do_not_overlap() -> None:
    for i, a in enumerate(NODES):
        for b in NODES[i + 1:]:
            (ax, ay, aw, ah), (bx, by, bw, bh) = SHAPES[a], SHAPES[b]
            assert ax + aw <= bx or bx + bw <= ax or ay + ah <= by or by + bh <= ay, (a, b)
