"""The YAML loader of :func:`migration.sources.files.parse_yaml`: PyYAML's safe loader with duplicate
keys noted and over-long integers refused. A module of its own so that PyYAML is imported only
when YAML is read."""

from __future__ import annotations

from typing import Any

import yaml

from .files import MAX_DIGITS, too_large


class Loader(yaml.SafeLoader):
    """PyYAML's safe loader that notes every key a mapping gives twice (PyYAML keeps the last value
    silently; YAML 1.2 section 3.2.1.1 requires keys to be unique) with the lines of both."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.duplicates: list[str] = []

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            try:
                key = self.construct_object(key_node, deep=True)
                hash(key)
            except (TypeError, yaml.YAMLError):
                continue  # an unhashable key: PyYAML's own error follows
            line = key_node.start_mark.line + 1
            if key in seen:
                self.duplicates.append(
                    f"{key} is given twice, at line {seen[key]} and at line {line}: "
                    "keep one (the last would win silently)"
                )
            else:
                seen[key] = line
        return super().construct_mapping(node, deep=deep)

    def construct_yaml_int(self, node: yaml.ScalarNode) -> int:
        digits = str(node.value).lstrip("+-").replace("_", "")
        if len(digits) > MAX_DIGITS:
            raise yaml.constructor.ConstructorError(None, None, too_large(str(node.value)), node.start_mark)
        return super().construct_yaml_int(node)


Loader.add_constructor("tag:yaml.org,2002:int", Loader.construct_yaml_int)
