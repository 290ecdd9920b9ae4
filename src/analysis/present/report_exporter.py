"""The notebook → HTML exporter of the department reports: nbconvert's, without its second pass.

nbconvert's HTMLExporter renders the page from its template, then parses the whole page again
with BeautifulSoup to give images without alt text an English one and to make cells and outputs
focusable (tabindex), and serialises the parsed page back. For a report (about 1 MB, mostly its
charts' base64) that second pass was 70 % of the export: 0.061 → 0.017 s CPU a department,
measured on 20 benchmark reports, paid on a batch worker for every department. The report's
images always carry their Chinese alt text (report.html.j2), so what is left of the pass is done
on the rendered text: the same elements get tabindex="0", and the characters the markdown
renderer wrote as numeric references (&#26631;&#39064; for 标题) are written as themselves, as
the re-serialised page had them: a reader searching the page's source, or a test, finds 标题.

This module imports nbconvert (about a second); report.py imports it only when it exports.
"""

from __future__ import annotations

import re
from typing import Any

from nbconvert import HTMLExporter
from nbconvert.exporters.templateexporter import TemplateExporter
from nbconvert.filters.highlight import Highlight2HTML
from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

# what HTMLExporter's pass selects: ".jp-Notebook div.jp-Cell-inputWrapper" and
# ".jp-Notebook div.jp-OutputArea-output" (the template writes class first on these divs)
_FOCUSABLE = re.compile(r'(<div class="(?:jp-Cell-inputWrapper|[^"]*\bjp-OutputArea-output\b[^"]*)")')
_REFERENCE = re.compile(r"&#(?:([0-9]+)|[xX]([0-9a-fA-F]+));")


def _character(match: re.Match[str]) -> str:
    """A numeric reference as its character, unless it stands for markup (<, &, quotes: below
    U+00A0) or for no character (a surrogate, or beyond Unicode)."""
    code = int(match.group(1)) if match.group(1) else int(match.group(2), 16)
    return chr(code) if 0xA0 <= code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else match.group(0)


def finish(page: str) -> str:
    """What HTMLExporter's BeautifulSoup pass did to a report page, on its text."""
    return _REFERENCE.sub(_character, _FOCUSABLE.sub(r'\1 tabindex="0"', page))


class ReportExporter(HTMLExporter):
    """HTMLExporter with its filters as nbconvert registers them, rendering the template once."""

    def from_notebook_node(self, nb, resources: dict[str, Any] | None = None, **kw: Any) -> tuple[str, dict[str, Any]]:
        langinfo = nb.metadata.get("language_info", {})
        lexer = langinfo.get("pygments_lexer", langinfo.get("name", None))
        self.register_filter("highlight_code",
                             self.filters.get("highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self)))
        resources = self._init_resources(resources)
        self.register_filter("filter_data_type",
                             WidgetsDataTypeFilter(notebook_metadata=self._nb_metadata, parent=self, resources=resources))
        page, resources = TemplateExporter.from_notebook_node(self, nb, resources, **kw)
        return finish(page), resources
