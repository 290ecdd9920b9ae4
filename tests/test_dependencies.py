"""environment.yml (conda) and pyproject.toml (pip) must declare the same dependencies."""

from __future__ import annotations

import re
import tomllib

import yaml

from analysis.config import PROJ_ROOT

# conda-only entries (the interpreter, Java, pip itself) and names that differ between registries.
CONDA_ONLY = {"python", "openjdk", "pip"}


def _name(spec: str) -> str:
    return re.split(r"[<>=!~\[ ]", spec.strip(), maxsplit=1)[0].lower().replace("_", "-")


def test_conda_and_pip_list_the_same_packages():
    project = tomllib.loads((PROJ_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pip_names = {_name(d) for d in project["dependencies"]} | {_name(d) for d in project["optional-dependencies"]["dev"]}
    env = yaml.safe_load((PROJ_ROOT / "environment.yml").read_text(encoding="utf-8"))
    conda_names = {_name(d) for d in env["dependencies"] if isinstance(d, str)} - CONDA_ONLY
    assert conda_names == pip_names, {
        "only in environment.yml": sorted(conda_names - pip_names),
        "only in pyproject.toml": sorted(pip_names - conda_names),
    }


def test_environment_installs_the_project_itself():
    env = yaml.safe_load((PROJ_ROOT / "environment.yml").read_text(encoding="utf-8"))
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert pip_section[-1] == "-e ."
    assert "openjdk" in {_name(d) for d in env["dependencies"] if isinstance(d, str)}


def test_reportlab_comes_with_the_dev_extra_only():
    """The renderer (juesuan_dev.synth) is reportlab's only user: the runtime package does not need it."""
    project = tomllib.loads((PROJ_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert "reportlab" not in {_name(d) for d in project["dependencies"]}
    assert "reportlab" in {_name(d) for d in project["optional-dependencies"]["dev"]}
