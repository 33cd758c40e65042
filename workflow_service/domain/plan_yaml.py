"""Reading YAML nodes with their line numbers, so every problem in a file can name its line.

Only `yaml.compose` with the SafeLoader is used: nothing is constructed, so no tag can run
code and scalars keep the text the author wrote.
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml


@dataclass(frozen=True)
class PlanError:
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


class PlanInvalid(ValueError):
    def __init__(self, errors: list[PlanError]) -> None:
        self.errors = sorted(errors, key=lambda e: e.line)
        super().__init__("\n".join(str(e) for e in self.errors))


def compose(text: str) -> yaml.Node | None:
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else 1
        what = ", ".join(part for part in (exc.context, exc.problem) if part)
        raise PlanInvalid([PlanError(line, "", f"not valid YAML: {what}")]) from None


def line_of(node: yaml.Node) -> int:
    return int(node.start_mark.line) + 1


def joined(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


class NodeReader:
    """Collects every problem instead of stopping at the first."""

    def __init__(self) -> None:
        self.errors: list[PlanError] = []

    def fail(self, node: yaml.Node, field: str, message: str) -> None:
        self.errors.append(PlanError(line_of(node), field, message))

    def fields(self, node: yaml.Node, path: str, allowed: tuple[str, ...]) -> dict[str, yaml.Node]:
        if not isinstance(node, yaml.MappingNode):
            self.fail(node, path, f"{path or 'the file'} must be a mapping of fields")
            return {}
        found: dict[str, yaml.Node] = {}
        for key_node, value in node.value:
            name = str(key_node.value)
            if name not in allowed:
                self.fail(
                    key_node, joined(path, name), f"unknown field {name!r}; expected {', '.join(allowed)}"
                )
            elif name in found:
                self.fail(
                    key_node,
                    joined(path, name),
                    f"duplicate field {name!r} (first at line {line_of(found[name])})",
                )
            else:
                found[name] = value
        return found

    def text(self, fields: dict[str, yaml.Node], name: str, path: str, at: yaml.Node) -> str | None:
        """The field's text with runs of whitespace collapsed; None (and an error) if unusable."""
        node = fields.get(name)
        if node is None:
            self.fail(at, joined(path, name), f"missing field {name!r}")
            return None
        if not isinstance(node, yaml.ScalarNode):
            self.fail(node, joined(path, name), f"{name} must be a single value")
            return None
        value = " ".join(str(node.value).split())
        if not value or node.tag == "tag:yaml.org,2002:null":
            self.fail(node, joined(path, name), f"{name} is empty")
            return None
        return value
