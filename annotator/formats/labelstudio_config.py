"""Label Studio labeling configs: which data field each object tag shows, and the config an export
needs so its tasks open in Label Studio as they are."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import quoteattr

from annotator.schema.model import LabelSchema

CONFIG_NAMES = ("labeling_config.xml", "label_config.xml")  # looked for beside an input file
LABELS_NAME = "label"  # the exported Labels control
TEXT_NAME = "text"  # the exported Text object, showing data.text


@dataclass(frozen=True, slots=True)
class TextObject:
    """An object tag of a config: the data key it shows, its tag (lower case), and whether the
    key holds a URL to load the data from rather than the data itself."""

    key: str
    tag: str = "text"
    by_url: bool = False


@dataclass(frozen=True, slots=True)
class LabelingConfig:
    """What a reader needs from a config: object tag name -> the data field it shows."""

    path: str
    objects: dict[str, TextObject]

    def key_of(self, name: str) -> str | None:
        """The data key an object tag (a result's to_name) shows, None if no such object."""
        found = self.objects.get(name)
        return found.key if found is not None else None


def config_beside(path: Path) -> Path | None:
    """The labeling config saved next to an export file (as `annotator export` writes it)."""
    for name in CONFIG_NAMES:
        candidate = path.parent / name
        if candidate.is_file():
            return candidate
    return None


def read_config(path: Path) -> LabelingConfig | str:
    """Parse a labeling config file, or a message saying why it cannot be read."""
    try:
        root = ElementTree.fromstring(path.read_bytes())
    except OSError as exc:
        return f"cannot read the labeling config: {exc.strerror or exc}"
    except ElementTree.ParseError as exc:
        return f"the labeling config is not valid XML ({exc}); fix it or remove it"
    objects: dict[str, TextObject] = {}
    for element in root.iter():
        name, value = element.get("name"), element.get("value") or ""
        if name and value.startswith("$") and element.get("toName") is None:
            by_url = (element.get("valueType") or "").lower() == "url"
            objects[name] = TextObject(value[1:], element.tag.lower(), by_url)
    return LabelingConfig(str(path), objects)


@dataclass(slots=True)
class ConfigParts:
    """What an export wrote beyond the schema, so its config lists every control it used."""

    labels: dict[str, None] = field(default_factory=dict)
    relations: dict[str, None] = field(default_factory=dict)
    doc_labels: dict[str, dict[str, None]] = field(default_factory=dict)
    # per-region control name -> (result type, choice values seen, labels it appeared on)
    region_controls: dict[str, tuple[str, dict[str, None], dict[str, None]]] = field(
        default_factory=dict
    )
    multiple: set[str] = field(default_factory=set)  # choice controls given several values

    def control_kind(self, name: str) -> str | None:
        """The result type a per-region control was first written as."""
        found = self.region_controls.get(name)
        return found[0] if found is not None else None

    def note_region_control(self, name: str, kind: str, label: str, choices: list[str]) -> None:
        """Record a per-region result written for a span of `label`."""
        _, values, labels = self.region_controls.setdefault(name, (kind, {}, {}))
        values.update(dict.fromkeys(choices))
        labels[label] = None
        if len(choices) > 1:
            self.multiple.add(name)


def labeling_config(schema: LabelSchema, parts: ConfigParts) -> str:
    """The config matching an export: its Text object, labels, relations, document choices and
    per-region attribute controls, from the schema and whatever else the export wrote."""
    lines = ["<View>", f'  <Text name="{TEXT_NAME}" value="${TEXT_NAME}"/>']
    colors = {spec.name: spec.color for spec in schema.labels}
    labels = dict.fromkeys([*colors, *parts.labels])
    lines.append(f'  <Labels name="{LABELS_NAME}" toName="{TEXT_NAME}">')
    for name in labels:
        color = f" background={quoteattr(colors[name])}" if name in colors else ""
        lines.append(f"    <Label value={quoteattr(name)}{color}/>")
    lines.append("  </Labels>")
    relations = dict.fromkeys([*(spec.name for spec in schema.relations), *parts.relations])
    if relations:
        lines.append("  <Relations>")
        lines.extend(f"    <Relation value={quoteattr(name)}/>" for name in relations)
        lines.append("  </Relations>")
    for name, values, multiple in _doc_label_controls(schema, parts):
        choice = "multiple" if multiple else "single"
        lines.append(
            f'  <Choices name={quoteattr(name)} toName="{TEXT_NAME}" choice="{choice}" '
            'showInline="true">'
        )
        lines.extend(f"    <Choice value={quoteattr(value)}/>" for value in values)
        lines.append("  </Choices>")
    lines.extend(_region_controls(schema, parts))
    lines.extend(["</View>", ""])
    return "\n".join(lines)


def _doc_label_controls(
    schema: LabelSchema, parts: ConfigParts
) -> list[tuple[str, list[str], bool]]:
    """(name, values, several allowed) of each document choice the schema declares or was written."""
    controls: dict[str, tuple[dict[str, None], bool]] = {}
    for spec in schema.doc_labels:
        controls[spec.name] = (dict.fromkeys(spec.values), spec.multiple)
    for name, values in parts.doc_labels.items():
        known, multiple = controls.setdefault(name, ({}, False))
        known.update(values)
        controls[name] = (known, multiple or name in parts.multiple)
    return [(name, list(values), multiple) for name, (values, multiple) in controls.items()]


def _region_controls(schema: LabelSchema, parts: ConfigParts) -> list[str]:
    """One per-region control per span attribute, shown when a span of its label is selected."""
    declared: dict[str, tuple[str, tuple[str, ...], dict[str, None]]] = {}
    for spec in schema.labels:
        for attribute in spec.attributes:
            result, choices = result_kind(attribute.type, attribute.values)
            _, _, owners = declared.setdefault(attribute.name, (result, choices, {}))
            owners[spec.name] = None
    lines: list[str] = []
    names = dict.fromkeys([*declared, *parts.region_controls])
    for name in names:
        kind: str | None
        kind, values, owners = declared.get(name, (None, (), {}))
        written = parts.region_controls.get(name)
        if written is not None:
            kind = written[0]
            values = tuple(dict.fromkeys([*values, *written[1]]))
            owners = {**owners, **written[2]}
        shown = f" whenLabelValue={quoteattr(next(iter(owners)))}" if len(owners) == 1 else ""
        head = (
            f'name={quoteattr(name)} toName="{TEXT_NAME}" perRegion="true" '
            f'visibleWhen="region-selected"{shown}'
        )
        if kind == "number":
            lines.append(f"  <Number {head}/>")
        elif kind == "textarea":
            lines.append(f'  <TextArea {head} maxSubmissions="1" editable="true"/>')
        else:
            choice = "multiple" if name in parts.multiple else "single"
            lines.append(f'  <Choices {head} choice="{choice}">')
            lines.extend(f"    <Choice value={quoteattr(value)}/>" for value in values)
            lines.append("  </Choices>")
    return lines


def result_kind(attribute_type: str, values: tuple[str, ...]) -> tuple[str, tuple[str, ...]]:
    """The Label Studio result type (and choices) that holds an attribute of a schema type."""
    if attribute_type in ("int", "float"):
        return "number", ()
    if attribute_type == "str":
        return "textarea", ()
    if attribute_type == "bool":
        return "choices", ("true", "false")
    return "choices", values
