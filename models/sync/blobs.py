"""佐证材料 arriving in a package: written next to the database under a sanitised name, before the
transaction that records them (and removed again if it rolls back). Never run, never extracted whole."""
from __future__ import annotations

from pathlib import Path

from models.store import Store
from models.sync import changelog
from models.sync.package import Package
from models.sync.untrusted import safe_file_name


def write_blobs(store: Store, pkg: Package) -> tuple[dict[str, str], list[Path]]:
    """{sha256: stored_path} for every attachment of the package not already here; the new files."""
    from models.workflow.attachments import attachments_dir

    stored: dict[str, str] = {}
    written: list[Path] = []
    wanted = [c["row"] for c in pkg.changes if c["op"] == "insert" and c["tbl"] == "attachments"
              and isinstance(c.get("row"), dict) and changelog.local_id_of(store.conn, c["uuid"]) is None]
    base = store.path.parent
    try:
        for row in wanted:
            digest = str(row.get("sha256") or "")
            if digest in stored or f"blobs/{digest}" not in pkg.members:
                continue
            target = attachments_dir(store) / "交换包" / digest[:16] / safe_file_name(str(row.get("file_name") or ""))
            if not target.is_file():
                target.parent.mkdir(parents=True, exist_ok=True)
                with open(target, "wb") as out:  # open_blob checks size and SHA-256 as it streams
                    written.append(target)
                    for chunk in pkg.open_blob(digest):
                        out.write(chunk)
            stored[digest] = target.relative_to(base).as_posix()
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    return stored, written
