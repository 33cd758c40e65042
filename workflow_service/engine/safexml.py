"""Parse untrusted XML: no DTDs, no entity expansion, no network, no external files."""

from __future__ import annotations

from lxml import etree

from ..domain.problems import BundleInvalid, BundleProblem

_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False, huge_tree=False,
)


def parse_untrusted(content: bytes, filename: str) -> etree._Element:
    # A DOCTYPE is the door to entity bombs and XXE; BPMN and DMN never need one.
    head = content[:4096].lower()
    if b"<!doctype" in head or b"<!entity" in content.lower():
        raise BundleInvalid([BundleProblem(filename, "DOCTYPE and entity declarations are not allowed", 1,
                                           code="xml.doctype", params=(("file", filename),))])
    try:
        root = etree.fromstring(content, _PARSER)
    except etree.XMLSyntaxError as err:
        line = err.lineno if isinstance(err.lineno, int) else None
        raise BundleInvalid([BundleProblem(filename, f"not well-formed XML: {err.msg}", line,
                                           code="xml.unreadable", params=(("file", filename),))]) from err
    if root.getroottree().docinfo.internalDTD is not None:
        raise BundleInvalid([BundleProblem(filename, "DOCTYPE declarations are not allowed", 1,
                                           code="xml.doctype", params=(("file", filename),))])
    return root
