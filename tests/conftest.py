"""Shared fixtures: the committed real documents (tests/pdfs, see fixtures.documents)."""

from __future__ import annotations

from pathlib import Path

import pytest

from fixtures.documents import PUTUO_CELLS, PUTUO_PDF, SEED_TEXT, SHANGHAI_TEMPLATE


@pytest.fixture
def putuo_pdf() -> Path:
    return PUTUO_PDF


@pytest.fixture
def putuo_expected_cells() -> Path:
    return PUTUO_CELLS


@pytest.fixture
def shanghai_template_pdf() -> Path:
    return SHANGHAI_TEMPLATE


@pytest.fixture
def seed_text() -> str:
    return SEED_TEXT.read_text(encoding="utf-8")


# ---------------------------------------------------------------- the fast tier

_HEAVY = (  # (module, attribute, what it starts): each is the one door through which it starts
    ("jpype", "startJVM", "the JVM"),
    ("jupyter_client.provisioning.local_provisioner", "LocalProvisioner.launch_kernel", "a Jupyter kernel"),
    ("distributed.deploy.spec", "SpecCluster.__init__", "a Dask cluster"),
)


@pytest.fixture(autouse=True)
def _fast_tier_starts_no_kernel_dask_or_jvm(request, monkeypatch):
    """`make test-fast` (-m "not slow") must not start a kernel, Dask or the JVM: a test that does
    fails here unless it is marked slow, so the fast tier stays fast by construction."""
    if request.node.get_closest_marker("slow"):
        yield
        return
    import importlib

    started: list[str] = []
    for module, attribute, what in _HEAVY:
        owner = importlib.import_module(module)
        *path, name = attribute.split(".")
        for part in path:
            owner = getattr(owner, part)

        def refuse(*args, _what=what, **kwargs):
            started.append(_what)
            raise RuntimeError(f"a test not marked slow started {_what}")

        monkeypatch.setattr(owner, name, refuse)
    yield
    if started:
        pytest.fail(f"{request.node.nodeid} starts {', '.join(dict.fromkeys(started))}: mark it "
                    "@pytest.mark.slow (make test-fast leaves those out)")
