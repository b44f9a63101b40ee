"""Finishing Vega's SVG: an accessible name and description, hover titles, and no outside references.

Vega's SVG writer puts per-mark text in `aria-label` but drops the chart's description and writes
no `<title>` elements, so a static SVG would have no tooltips. It also numbers clip paths with a
counter that lives as long as the engine ("clip1", then "clip3" for the same chart drawn again),
which would make output depend on what was drawn before. Its markup is regular (one tag per item,
attribute values escaped), which lets plain pattern substitution finish the job.
"""

from __future__ import annotations

import hashlib
import re
from html import escape

_ID = re.compile(r'\bid="([^"]+)"')
_ROOT = re.compile(r"<svg\b([^<>]*)>")
_TAG = re.compile(r"<(\w+)\b([^<>]*?)(/?)>")
_LABEL = re.compile(r'\baria-label="([^"]*)"')
_REFERENCE_ATTRIBUTE = re.compile(r'\b(?:href|src)\s*=\s*"([^"]*)"')
_CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]*)")


def with_accessible_text(svg: str, *, title: str, description: str) -> str:
    """`svg` with a document role, `<title>` and `<desc>` on the root, and a `<title>` per mark."""
    return _with_mark_titles(_with_root_text(svg, title, description))


def with_stable_ids(svg: str) -> str:
    """`svg` with its element ids renamed after its own content, so the same chart keeps its ids.

    Ids are numbered in order of appearance and prefixed with a digest of the SVG, so two
    different charts inlined in one page cannot clash.
    """
    names = list(dict.fromkeys(_ID.findall(svg)))
    if not names:
        return svg
    numbered = _renamed(svg, {name: f"@{index}" for index, name in enumerate(names, 1)})
    digest = hashlib.sha256(numbered.encode("utf-8")).hexdigest()[:10]
    return _renamed(svg, {name: f"pk{digest}-{index}" for index, name in enumerate(names, 1)})


def _renamed(svg: str, names: dict[str, str]) -> str:
    # An id appears as id="x" and is referenced as url(#x) or href="#x".
    pattern = re.compile(r'(id="|url\(#|href="#)(' + "|".join(map(re.escape, names)) + r')(?=[")])')
    return pattern.sub(lambda match: match.group(1) + names[match.group(2)], svg)


def _with_root_text(svg: str, title: str, description: str) -> str:
    def finish(match: re.Match[str]) -> str:
        attributes = match.group(1)
        return (
            f'<svg{attributes} role="graphics-document document" '
            f'aria-roledescription="chart" aria-label="{escape(title)}">'
            f"<title>{escape(title, quote=False)}</title>"
            f"<desc>{escape(description, quote=False)}</desc>"
        )

    return _ROOT.sub(finish, svg, count=1)


def _with_mark_titles(svg: str) -> str:
    def finish(match: re.Match[str]) -> str:
        tag, attributes, closing = match.groups()
        label = _LABEL.search(attributes)
        if label is None or 'role="graphics-symbol"' not in attributes:
            return match.group(0)
        # The label is already escaped for an attribute, which is also valid as element text.
        title = f"<title>{label.group(1)}</title>"
        return f"<{tag}{attributes}>{title}</{tag}>" if closing else f"<{tag}{attributes}>{title}"

    return _TAG.sub(finish, svg)


def external_references(svg: str) -> list[str]:
    """Every address the SVG would make a viewer fetch: href/src, CSS url() and @import targets."""
    targets = _REFERENCE_ATTRIBUTE.findall(svg) + _CSS_URL.findall(svg)
    found = [target for target in targets if not _is_local(target)]
    found += re.findall(r"@import[^;]*", svg)
    return sorted(set(found))


def _is_local(target: str) -> bool:
    # Fragment links point inside the document; data: URIs carry their bytes with them.
    stripped = target.strip()
    return stripped.startswith("#") or stripped.startswith("data:")
