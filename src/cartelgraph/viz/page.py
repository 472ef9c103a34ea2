"""The network page as one self-contained HTML file.

vis-network's JavaScript and CSS are read from the installed ``pyvis`` package and inlined; our
own script and style come from ``viz/assets``. The data travels as JSON in a
``<script type="application/json">`` element, escaped so that nothing in it can close the
element, and the page's script reads it with ``JSON.parse`` and writes every string with
``textContent``. A Content-Security-Policy forbids every network load and any script without
the page's nonce.
"""

from __future__ import annotations

import html
import json
import re
import secrets
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from cartelgraph.errors import CartelgraphError
from cartelgraph.text import HIDDEN

# The page's own scripts, in the order they run (each reads what the ones before it left on
# window.cgPage), inlined in one <script> element.
PAGE_SCRIPTS = (
    "util.js",
    "panel.js",
    "labels.js",
    "filters.js",
    "page.js",
    "groups.js",
    "tools.js",
    "search.js",
    "export.js",
)
_PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def json_for_script(data) -> str:
    """JSON that is safe inside a ``<script>`` element: ``<``, ``>``, ``&``, U+2028 and U+2029
    are written as ``\\uXXXX`` escapes, which JSON.parse reads back as the same characters;
    bidirectional controls and C1 control characters become U+FFFD (C0 ones are escaped)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)  # JSON.parse reads no NaN
    # A bidirectional control in a label would turn the text around it on the page: shown as �.
    text = HIDDEN.sub("\ufffd", text)
    return re.sub("[<>&\u2028\u2029]", lambda m: _JSON_ESCAPES[m.group(0)], text)


@lru_cache(maxsize=1)
def vis_network_assets() -> tuple[str, str]:
    """vis-network's (JavaScript, CSS) as shipped in the pyvis wheel, newest version there."""
    try:
        lib = resources.files("pyvis").joinpath("templates", "lib")
        versions = [
            d for d in lib.iterdir() if d.name.startswith("vis-") and d.joinpath("vis-network.min.js").is_file()
        ]
    except (ModuleNotFoundError, FileNotFoundError) as error:
        raise CartelgraphError("the network page needs the pyvis package (pip install pyvis)") from error
    if not versions:
        raise CartelgraphError("no vis-network found inside the installed pyvis package")
    newest = max(versions, key=lambda d: tuple(int(p) for p in re.findall(r"\d+", d.name)))
    script = newest.joinpath("vis-network.min.js").read_text(encoding="utf-8")
    style = newest.joinpath("vis-network.css").read_text(encoding="utf-8")
    _check_inlinable(script, "script", newest.name)
    _check_inlinable(style, "style", newest.name)
    return script, style


def _check_inlinable(text: str, element: str, where: str) -> None:
    if f"</{element}" in text.lower():
        raise CartelgraphError(f"{where}: the file contains '</{element}' and cannot be inlined")


def _asset(name: str) -> str:
    return resources.files("cartelgraph.viz").joinpath("assets", name).read_text(encoding="utf-8")


def content_security_policy(nonce: str) -> str:
    """No network at all: scripts and styles only inline with the nonce, images only data: URLs
    (vis-network's stylesheet draws a few icons from them)."""
    return (
        f"default-src 'none'; script-src 'nonce-{nonce}'; style-src 'nonce-{nonce}'; img-src data:; "
        "base-uri 'none'; form-action 'none'"
    )


def render_html(data: dict) -> str:
    """The page for :func:`cartelgraph.viz.data.page_data`'s ``data``, as one HTML string."""
    vis_script, vis_style = vis_network_assets()
    scripts = [(name, _asset(name)) for name in PAGE_SCRIPTS]
    page_style = _asset("page.css")
    for name, text in [*scripts, ("page.css", page_style)]:
        _check_inlinable(text, "style" if name.endswith(".css") else "script", name)
    page_script = "\n".join(text for _, text in scripts)
    nonce = secrets.token_urlsafe(18)
    values = {
        "CSP": html.escape(content_security_policy(nonce), quote=False).replace('"', "&quot;"),
        "NONCE": nonce,
        "TITLE": html.escape(data.get("title") or "cartelgraph network", quote=True),
        "VIS_CSS": vis_style,
        "PAGE_CSS": page_style,
        "VIS_JS": vis_script,
        "PAGE_JS": page_script,
        "DATA": json_for_script(data),
    }
    # One pass over the template, so text inserted for one placeholder is never read as another.
    return _PLACEHOLDER.sub(lambda m: values[m.group(1)], _asset("page.html"))


@dataclass
class NetworkPage:
    """A rendered network page: ``html``, the ``data`` behind it, and display in notebooks."""

    data: dict
    html: str
    height: int = 720

    def save(self, path) -> None:
        """Write the page to ``path`` (atomically: the old file or the new one, never half)."""
        from pathlib import Path

        from cartelgraph.output import atomic_write

        atomic_write(Path(path), self.html.encode("utf-8"))

    def _repr_html_(self) -> str:
        # srcdoc keeps the page inside the notebook (no file path to break when it is exported);
        # the sandbox lets the page's own script run in an opaque origin, away from the notebook,
        # and save what its export buttons make.
        return (
            f'<iframe sandbox="allow-scripts allow-downloads" srcdoc="{html.escape(self.html, quote=True)}" '
            f'style="width:100%;height:{int(self.height)}px;border:1px solid #ddd" '
            f'title="{html.escape(self.data.get("title", ""), quote=True)}"></iframe>'
        )

    def __repr__(self) -> str:
        drawn = {n["id"] for n in self.data["nodes"] if not n.get("reserve")}
        lines = [e for e in self.data["edges"] if e["from"] in drawn and e["to"] in drawn]
        linked = {end for e in lines for end in (e["from"], e["to"])}
        spare = len(self.data["nodes"]) - len(drawn)
        return f"<NetworkPage {len(drawn)} entities ({len(linked)} with a link), {len(lines)} claim edges" + (
            f"; {spare} more in reserve for expanding>" if spare else ">"
        )
