"""One root cause, one finding: a printed subtotal that differs from its items is reported once.

Why: a subtotal printed off by a cent (Putuo's 302 printed 10.23, its items 10.22) is copied into
the group total, then into 基本支出 = 人员经费 + 公用经费 across tables, and every identity it enters
breaks by the same gap. Five warns for one slip send a reviewer hunting five times. The slip is the
finding where the subtotal meets its own items (`class_sum`, `hierarchy`); the identities further
down that break by exactly that gap, read the same table, and concern that subtotal or a total
above it become its listed consequences (status `not_applicable`, the root named in their detail).
The root takes the worst of their statuses, so a fail is never folded away under a warn.
"""

from __future__ import annotations

import re

import pandas as pd

JUDGED = ("warn", "fail")
ROOT_SPECS = re.compile(r"^[a-z_]+\.(?:class_sum|hierarchy)\[(?P<subject>[^\]#]+)\]")
_SUBJECT = re.compile(r"\[(?P<subject>[^\]#]+)\]")


def _gap(value: object) -> float | None:
    try:
        g = abs(float(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if g != g or g == 0 else round(g, 6)


def _concerns(subject: str | None, root_subject: str) -> bool:
    """A finding concerns the root's subtotal when it has no subject (a table total), names the
    subtotal itself, or names a total above it (类 201 above 款 20101; 合计 above all)."""
    if subject is None:
        return True
    if subject == "合计":
        return True
    return root_subject != "合计" and root_subject.startswith(subject)


def fold_consequences(checks: pd.DataFrame) -> pd.DataFrame:
    """The checks frame with each subtotal slip's downstream breaks folded into it."""
    if checks is None or not len(checks):
        return checks
    out = checks.copy()
    roots = []
    for i, r in out.iterrows():
        m = ROOT_SPECS.match(str(r["check_id"]))
        if m and r["status"] in JUDGED and (g := _gap(r["difference"])) is not None:
            roots.append((i, m.group("subject"), g, {t for t in str(r["tables"]).split(";") if t}))
    # deepest subtotal first: a 款 slip explains its 类 and 合计, not the other way round
    roots.sort(key=lambda x: (x[1] == "合计", -len(x[1])))
    folded: set[int] = set()
    for i, subject, gap, tables in roots:
        if i in folded:
            continue
        consequences = []
        for j, r in out.iterrows():
            if j == i or j in folded or r["status"] not in JUDGED or _gap(r["difference"]) != gap:
                continue
            if not tables & {t for t in str(r["tables"]).split(";") if t}:
                continue
            m = _SUBJECT.search(str(r["check_id"]))
            if not _concerns(m.group("subject") if m else None, subject):
                continue
            consequences.append(j)
        if not consequences:
            continue
        root_id = out.at[i, "check_id"]
        if any(out.at[j, "status"] == "fail" for j in consequences):
            out.at[i, "status"] = "fail"  # the slip is judged by the worst it causes: a fail is never folded away
        for j in consequences:
            folded.add(j)
            out.at[j, "detail"] = (f"consequence of {root_id} (the same gap of {gap:g}; {out.at[j, 'status']} "
                                   f"on its own): {out.at[j, 'detail']}")
            out.at[j, "status"] = "not_applicable"
        names = ", ".join(str(out.at[j, "check_id"]) for j in consequences)
        out.at[i, "detail"] = f"{out.at[i, 'detail']}; it also breaks {names}"
    return out
