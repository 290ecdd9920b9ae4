"""`juesuan render` and `juesuan bench` come from the dev extra (src/juesuan_dev): without it they
say in one line how to install it, instead of a traceback."""

from __future__ import annotations

import importlib
import sys

import pytest
from typer.testing import CliRunner

from analysis.cli import app


@pytest.fixture
def without_dev_tools(monkeypatch):
    real = importlib.import_module

    def refuse(name: str, *args, **kwargs):
        if name.split(".")[0] == "juesuan_dev":
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return real(name, *args, **kwargs)

    monkeypatch.setattr(importlib, "import_module", refuse)
    for name in [m for m in sys.modules if m.split(".")[0] == "juesuan_dev"]:
        monkeypatch.delitem(sys.modules, name)


@pytest.mark.parametrize("args", [["render", "synthetic:1", "--out", "x.pdf"], ["bench", "extract"], ["bench", "run"]])
def test_dev_commands_name_the_extra_when_it_is_missing(without_dev_tools, args) -> None:
    res = CliRunner().invoke(app, args)
    assert res.exit_code == 2
    assert "pip install -e '.[dev]'" in res.output and "Traceback" not in res.output
