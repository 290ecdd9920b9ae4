"""The batch's processes start without the optional import that cost them 0.8 s each, and lose nothing by it."""

from __future__ import annotations

import subprocess
import sys

from analysis.batch.planning import NOTEBOOK


def test_the_batch_declines_rfc3987_syntax_and_still_validates_notebooks():
    code = f"""
import sys
import analysis.batch.run, nbformat, jsonschema
nb = nbformat.read({str(NOTEBOOK)!r}, as_version=4)
nbformat.validate(nb)
print(sys.modules.get("rfc3987_syntax"), len(nb.cells) > 0)
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["None", "True"]
