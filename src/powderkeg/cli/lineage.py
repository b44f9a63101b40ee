"""Printing a value's lineage as a tree."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.tree import Tree

from powderkeg.cli.output import human_value


def print_lineage(document: dict[str, Any]) -> None:
    Console().print(lineage_tree(document))


def lineage_tree(document: dict[str, Any]) -> Tree:
    shown = human_value(float(document["value"]), str(document.get("unit") or ""))
    root = Tree(
        f"[bold]{document['entity']} {document['measure']} {document['year']} = {shown}[/bold]"
        f"  (vintage {document['vintage']}, {document['method']})"
    )
    _add_value(root, document)
    inputs = document.get("inputs") or []
    if inputs:
        branch = root.add("computed from")
        for item in inputs:
            node = branch.add(
                f"{item['entity']} {item['measure']} {item['year']} = "
                f"{human_value(float(item['value']), str(item.get('unit') or ''))}"
            )
            _add_value(node, item)
    others = [
        o for o in document.get("other_vintages") or [] if o["vintage"] != document["vintage"]
    ]
    if others:
        branch = root.add("other vintages")
        for other in others:
            branch.add(
                f"{other['vintage']}: {other['value']:.6g} ({other['source']}, {other['locator']})"
            )
    return root


def _add_value(node: Tree, value: dict[str, Any]) -> None:
    node.add(f"locator: {value.get('locator')}")
    snapshot = value.get("snapshot")
    if snapshot:
        node.add(
            f"file: {snapshot['file_name']} ({snapshot['byte_size']:,} bytes)\n"
            f"sha256: {snapshot['sha256']}\n"
            f"source: {snapshot['publisher']} — {snapshot['title']}, release {snapshot['vintage']}\n"
            f"licence: {snapshot['licence']}\nurl: {snapshot['url']}"
        )
