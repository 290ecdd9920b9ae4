"""A batch never waits forever (batch/stalls.py): what the client gives up on, and why.

A CI run once waited an hour for a department whose worker Dask never brought back. These tests
drive the client's watch with a clock of their own: no cluster, no waiting.
"""

from __future__ import annotations

from analysis.batch.stalls import NO_WORKER_GRACE, Vigil, attempt_bound, task_bound


def test_no_worker_for_the_grace_period_fails_every_department_waiting():
    vigil = Vigil()
    vigil.submit("a")
    vigil.submit("b")
    waiting = {"a": 900, "b": 900}
    t0 = 1_000.0
    assert vigil.stalled(waiting, workers=0, now=t0) == {}  # the first look without a worker starts the clock
    assert vigil.stalled(waiting, workers=0, now=t0 + NO_WORKER_GRACE - 1) == {}
    given_up = vigil.stalled(waiting, workers=0, now=t0 + NO_WORKER_GRACE)
    assert set(given_up) == {"a", "b"}
    assert all(reason.startswith("worker lost:") and "no worker" in reason for reason in given_up.values())


def test_a_worker_back_in_time_resets_the_clock():
    vigil = Vigil()
    vigil.submit("a")
    t0 = 1_000.0
    vigil.stalled({"a": 900}, workers=0, now=t0)
    vigil.stalled({"a": 900}, workers=1, now=t0 + NO_WORKER_GRACE - 10)  # the nanny restarted it
    assert vigil.stalled({"a": 900}, workers=0, now=t0 + NO_WORKER_GRACE + 5) == {}


def test_a_task_past_every_try_it_could_take_is_failed_with_its_bound(monkeypatch):
    vigil = Vigil()
    monkeypatch.setattr("analysis.batch.stalls.time.monotonic", lambda: 0.0)
    vigil.submit("slow")
    vigil.submit("fresh")
    bound = task_bound(3)
    monkeypatch.setattr("analysis.batch.stalls.time.monotonic", lambda: bound + 1)
    vigil.submit("fresh")  # submitted again just now (its earlier try is forgotten)
    late = vigil.stalled({"slow": 3, "fresh": 3}, workers=1)
    assert list(late) == ["slow"]
    assert f"{bound:.0f} seconds" in late["slow"] and "time limit 3 s" in late["slow"]


def test_the_bound_covers_every_try_dask_makes():
    """Four tries by default (Dask's allowed-failures is 3), each with its kernel start and limit."""
    import dask

    with dask.config.set({"distributed.scheduler.allowed-failures": 3}):
        assert task_bound(900) == 4 * attempt_bound(900)
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}):
        assert task_bound(900) == attempt_bound(900) > 900
