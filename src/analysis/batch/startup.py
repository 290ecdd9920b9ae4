"""What the batch's processes decline to import: optional extras that cost seconds and serve nothing here.

jsonschema, which papermill and nbclient import through nbformat, imports `rfc3987_syntax` when it is
installed (jupyterlab's jupyter-events brings it) to check the "iri" string format, and that module
compiles 38 Lark grammars at import: 0.8 s in the `juesuan run` process and again in every Dask
worker, before the first department can start (measured with -X importtime). No notebook juesuan
runs has an IRI to check, and jsonschema treats the module as optional (it skips the format when
the import fails). Imported first by the batch package, so it runs before papermill is imported.
"""

from __future__ import annotations

import sys

DECLINED = ("rfc3987_syntax",)

for _name in DECLINED:
    if _name not in sys.modules:  # already imported by someone else: theirs to keep
        sys.modules[_name] = None  # an import of it now raises ImportError, which jsonschema expects
