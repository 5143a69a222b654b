"""Property tests of the exchange: three to five offices edit, report, close and delete at random while
packages go between them dropped, duplicated, replayed and out of order. After a last round of
exchange every office has every change, agrees wherever no conflict was raised, lists every
divergence as a conflict, and re-importing any package changes nothing."""
from __future__ import annotations

import itertools
import os
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st
from sync_offices import CAMPAIGN, UNITS, counts, office

from models import campaigns, units
from models.domain import Campaign, Unit
from models.problems import (
    DeletedProblems,
    ProblemForm,
    create_problem,
    delete_problems,
    form_from_problem,
    get_problem,
    restore_problems,
    update_problem,
)
from models.store import ValidationError
from models.sync import changelog, export, identity, merge, virtual
from models.sync.tables import SPECS
from models.workflow.batch_edit import remove_from_batch
from models.workflow.closing import ClosingForm, close_problem
from models.workflow.evaluation import (
    CountRow,
    Evaluation,
    create_evaluation,
    get_evaluation,
    update_evaluation,
)
from models.workflow.handover import HandoverForm, create_batch, form_from_batch, get_batch, update_batch
from models.workflow.progress import ReportForm, add_report

NAMES = [("某省人大常委会", "省"), ("某市人大常委会", "市"), ("甲县人大常委会", "县"), ("乙县人大常委会", "县"),
         ("丙县人大常委会", "县")]
# who talks to whom: counties with the city, the city with the province, the province straight to 甲县 too
LINKS = [(0, 1), (1, 2), (1, 3), (1, 4), (0, 2)]
VALUES = ["甲", "乙", "丙"]
FIELDS = ["place", "suggestion", "notes", "category"]

op = st.one_of(
    st.tuples(st.just("new"), st.integers(0, 4)),
    st.tuples(st.just("edit"), st.integers(0, 4), st.integers(0, 30), st.sampled_from(FIELDS), st.sampled_from(VALUES)),
    st.tuples(st.just("hand"), st.integers(0, 4)),
    st.tuples(st.just("report"), st.integers(0, 4), st.integers(0, 30), st.booleans()),
    st.tuples(st.just("close"), st.integers(0, 4), st.integers(0, 30)),
    st.tuples(st.just("delete"), st.integers(0, 4), st.integers(0, 30)),
    st.tuples(st.just("undo"), st.integers(0, 4)),   # 撤销删除 of the office's last deletion
    st.tuples(st.just("send"), st.integers(0, 4), st.sampled_from(["ok", "drop", "twice"])),
    st.tuples(st.just("replay"), st.integers(0, 4), st.integers(0, 50)),
    st.tuples(st.just("evaluate"), st.integers(0, 4), st.integers(0, 30), st.integers(0, 9)),
    st.tuples(st.just("revote"), st.integers(0, 4), st.integers(0, 30), st.integers(0, 9)),
    st.tuples(st.just("remove"), st.integers(0, 4), st.integers(0, 30)),
    st.tuples(st.just("recipients"), st.integers(0, 4), st.integers(0, 30), st.integers(0, 2)),
)


class World:
    def __init__(self, root: Path, n: int):
        self.root = root
        self.links = [link for link in LINKS if max(link) < n]
        self.offices = []
        for i in range(n):
            s = office(root / f"o{i}.db", *NAMES[i])
            cid = campaigns.create_campaign(s, Campaign(name=CAMPAIGN, year=2026, level=NAMES[i][1]))
            for u in UNITS:
                units.create_unit(s, Unit(name=u, kind="政府部门"))
            self.offices.append((s, cid))
        self.packages: list[tuple[int, Path]] = []  # (receiver, file)
        self.count = itertools.count(1)
        self.deleted: dict[int, DeletedProblems] = {}  # per office, its last deletion (撤销删除 brings it back)

    def problems(self, i: int) -> list[int]:
        return self.offices[i][0].column("SELECT id FROM problems ORDER BY id")

    def pick(self, i: int, k: int, tbl: str = "problems") -> int | None:
        ids = self.offices[i][0].column(f"SELECT id FROM {tbl} ORDER BY id")
        return ids[k % len(ids)] if ids else None

    def send(self, a: int, b: int, mode: str = "ok") -> None:
        out = self.root / f"p{next(self.count)}.zip"
        export.export_package(self.offices[a][0], to_office=NAMES[b][0], out=out)
        self.packages.append((b, out))
        if mode != "drop":
            merge.import_package(self.offices[b][0], out)
        if mode == "twice":
            merge.import_package(self.offices[b][0], out)

    def run(self, step) -> None:
        kind, i = step[0], step[1] % len(self.offices)
        store, cid = self.offices[i]
        try:
            if kind == "new":
                n = store.scalar("SELECT count(*) FROM problems") + 1
                create_problem(store, ProblemForm(number=f"{i}-{n:03d}-{next(self.count)}", source="专题调研",
                                                  description="敬老院消防设施不达标", lead_unit=UNITS[n % 3],
                                                  kind="长期整改"), campaign_id=cid)
            elif kind == "edit" and (pid := self.pick(i, step[2])):
                form = form_from_problem(store, get_problem(store, pid))
                setattr(form, step[3], step[4])
                update_problem(store, pid, form)
            elif kind == "hand":
                pending = store.column("SELECT id FROM problems WHERE status = '待交办'")
                if pending:
                    create_batch(store, cid, HandoverForm(handover_date="2026-01-05", occasion="交办会",
                                                          recipients=[UNITS[0]]), pending)
            elif kind == "report" and (pid := self.pick(i, step[2])):
                add_report(store, pid, ReportForm(report_date="2026-02-01", unit=UNITS[1], measures="推进整改",
                                                  percent=100 if step[3] else 40, requests_closing=step[3]))
            elif kind == "close" and (pid := self.pick(i, step[2])):
                close_problem(store, pid, ClosingForm(checked_by="核查人", check_date="2026-02-02",
                                                      opinion="已整改", no_evidence_reason="现场核查"))
            elif kind == "delete" and (pid := self.pick(i, step[2])):
                self.deleted[i] = delete_problems(store, [pid])
            elif kind == "undo" and i in self.deleted:
                restore_problems(store, self.deleted.pop(i))
            elif kind == "send":
                a, b = self.links[i % len(self.links)]
                self.send(*((a, b) if step[2] != "twice" or i % 2 else (b, a)), mode=step[2])
            elif kind == "evaluate" and (pid := self.pick(i, step[2])):
                unit = store.scalar("SELECT id FROM units WHERE name = ?", (UNITS[step[3] % 3],))
                create_evaluation(store, Evaluation(campaign_id=cid, eval_date="2026-03-01", occasion="测评会", rows=[
                    CountRow(problem_id=pid, satisfied=step[3], basically_satisfied=1),
                    CountRow(unit_id=unit, satisfied=2, dissatisfied=step[3])]))
            elif kind == "revote" and (eid := self.pick(i, step[2], "evaluations")):
                ev = get_evaluation(store, eid)
                ev.rows[0].satisfied = step[3] + 20
                update_evaluation(store, ev)
            elif kind == "remove" and (item := self.pick(i, step[2], "handover_items")):
                batch_id, pid = store.query_rows("SELECT batch_id, problem_id FROM handover_items WHERE id = ?", (item,))[0]
                remove_from_batch(store, batch_id, pid, "交办有误")
            elif kind == "recipients" and (bid := self.pick(i, step[2], "handover_batches")):
                form = form_from_batch(store, get_batch(store, bid))
                form.recipients = [UNITS[step[3]]]
                update_batch(store, bid, form)
            elif kind == "replay" and self.packages:
                receiver, path = self.packages[step[2] % len(self.packages)]
                merge.import_package(self.offices[receiver][0], path)
        except ValidationError:
            pass  # the rules said no (e.g. 销号 of a problem not 申请销号): the same as a clerk told why

    def settle(self) -> None:
        for _ in range(3):
            for a, b in self.links:
                self.send(a, b)
                self.send(b, a)


def state(store) -> dict:
    """Per exchanged uuid: its merged fields (or its columns, for append-only rows)."""
    conn = store.conn
    out = {}
    for uid, tbl, local_id in conn.execute("SELECT uuid, tbl, local_id FROM sync_rows WHERE tbl <> 'campaigns'"):
        snap = changelog.snapshot(conn, tbl, local_id)
        if snap is None:
            continue
        spec = SPECS[tbl]
        keep = spec.fields or tuple(c for c in spec.columns if c not in spec.refs)
        out[uid] = {k: snap.get(k) for k in keep if k != "number"}
    return out


def conflicted(store) -> set[tuple[str, str]]:
    return {(r[0], r[1]) for r in store.query_rows("SELECT uuid, field FROM sync_conflicts")}


# no shrinking: one example builds several databases, shrinking would take minutes on CI's 2 cores
@settings(max_examples=int(os.environ.get("SYNC_EXAMPLES", "12")), deadline=None, suppress_health_check=[HealthCheck.too_slow],
          phases=(Phase.explicit, Phase.reuse, Phase.generate))
@given(n=st.integers(3, 5), steps=st.lists(op, min_size=4, max_size=22))
# found once: a problem deleted in one office and kept by a delete-vs-edit conflict in another, its 测评 votes
# counted in one office only (they are the same once the conflict is decided: test_sync_restore_votes.py)
@example(n=3, steps=[("edit", 4, 30, "category", "甲"), ("new", 0), ("edit", 0, 2, "place", "丙"), ("send", 3, "ok"),
                     ("remove", 3, 4), ("edit", 0, 15, "place", "丙"), ("revote", 4, 24, 0), ("hand", 0),
                     ("evaluate", 0, 24, 7), ("new", 3), ("evaluate", 4, 29, 4), ("new", 2), ("report", 1, 10, False),
                     ("send", 2, "drop"), ("send", 2, "twice"), ("close", 2, 24), ("send", 4, "drop"),
                     ("delete", 1, 14)])
# found once: a first value given to a problem right after its insert had left in a package was never sent
# (the insert carries a row as it is when a package is written, but its receiver held the row already)
@example(n=5, steps=[("new", 0), ("new", 3), ("revote", 0, 0, 0), ("send", 0, "ok"), ("edit", 0, 20, "suggestion", "乙"),
                     ("revote", 0, 0, 0)])
# 删除 then 撤销删除 before the next package: the receivers applied the restore (as every insert, first) and
# then the older tombstone, and deleted the problem the office had kept
@example(n=3, steps=[("new", 0), ("send", 0, "ok"), ("delete", 0, 0), ("undo", 0), ("send", 0, "ok")])
# found once: a handover item of a problem deleted in one office (and kept elsewhere by a delete-vs-edit conflict)
# is gone there with its problem; the problem's tombstone is its tombstone (a test-world mistake: only the
# row's own tombstone was accepted)
@example(n=4, steps=[("new", 4), ("hand", 4), ("send", 4, "drop"), ("replay", 3, 8), ("delete", 0, 21),
                     ("report", 1, 14, False), ("edit", 1, 14, "suggestion", "丙"), ("send", 1, "twice")])
def test_offices_converge_and_lose_nothing(n, steps):
    root = Path(tempfile.mkdtemp(prefix="sync-prop-"))
    try:
        world = World(root, n)
        for step in steps:
            world.run(step)
        world.settle()
        stores = [s for s, _ in world.offices]
        # no change is lost: every office holds every change made anywhere
        logs = [set(s.query_rows("SELECT site, seq FROM change_log")) for s in stores]
        assert all(log == logs[0] for log in logs), "an office misses changes"
        assert not any(s.scalar("SELECT count(*) FROM change_log WHERE state = 'pending'") for s in stores)
        states = [state(s) for s in stores]
        flagged = set().union(*(conflicted(s) for s in stores))
        uuids = set().union(*states)
        problems = {u for s in stores for (u,) in s.query_rows("SELECT uuid FROM sync_rows WHERE tbl = 'problems'")}
        for uid in uuids:
            present = [st_.get(uid) for st_ in states]
            rows = [p for p in present if p is not None]
            if len(rows) != len(present):
                if uid in problems:  # kept in one office, deleted in another: only when a person is to decide
                    assert (uid, "_row") in flagged, f"problem {uid} kept somewhere without a delete-vs-edit conflict"
                # gone only where it (or, kept elsewhere by a delete-vs-edit conflict, its problem) was deleted
                holder = next(s for s, p in zip(stores, present, strict=True) if p is not None)
                problem = changelog.snapshot(holder.conn, *holder.query_rows(
                    "SELECT tbl, local_id FROM sync_rows WHERE uuid = ?", (uid,))[0]).get("problem_id")
                assert not any(changelog.local_id_of(s.conn, uid) is None and s.scalar(
                    "SELECT 1 FROM change_log WHERE (uuid = ? AND (op = 'delete' OR (op = 'insert' AND state = 'skipped'))) "
                    "OR (uuid = ? AND op = 'delete')", (uid, problem)) is None for s in stores), \
                    f"{uid} missing in an office without a tombstone"
            undecided = {u for u, f in flagged if f == "_row"}   # problems kept here, deleted there
            for column in rows[0] if rows else ():
                values = {r[column] for r in rows}
                if column == "counts":   # a deleted problem's votes went with it: the same once it is decided
                    values = {virtual.without_problems(v, undecided) for v in values}
                if len(values) > 1:
                    assert (uid, column) in flagged, f"{column} differs without a conflict: {values}"
        # re-importing any package changes nothing
        before = [counts(s) for s in stores]
        for receiver, path in world.packages[-6:] + world.packages[:3]:
            again = merge.import_package(stores[receiver], path, dry_run=True)
            assert not again.has_changes
        assert [counts(s) for s in stores] == before
        for s in stores:
            s.close()
    finally:
        shutil.rmtree(root, ignore_errors=True)


def test_identities_of_a_world_differ(tmp_path):
    world = World(tmp_path, 3)
    sites = {identity.identity(s).site_id for s, _ in world.offices}
    assert len(sites) == 3
