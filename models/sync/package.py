"""The 交换包 file: a .zip holding manifest.json, changes.jsonl, blobs/<sha256> and a signature.

Written atomically; read as streams from the zip (never extracted), every member checked against
the signed manifest. Each refusal is one Chinese sentence and happens before anything changes.
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import re
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from models.store import StoreError
from models.sync import keys

FORMAT = 1
MANIFEST = "manifest.json"
CHANGES = "changes.jsonl"
SIGNATURE = "signature"
MAX_FILE = 4 * 1024 ** 3          # the .zip itself
MAX_TOTAL = 4 * 1024 ** 3         # all members uncompressed together
MAX_MANIFEST = 16 * 1024 ** 2
MAX_CHANGES = 1024 ** 3
_BLOB = re.compile(r"blobs/[0-9a-f]{64}")
_UNSAFE = re.compile(r"(^[/\\])|(^[A-Za-z]:)|\\|(^|/)\.\.(/|$)|[\x00-\x1f\x7f]")
NOTHING = "未做任何修改。"


class PackageError(StoreError):
    """A package refused before any change; ``str()`` is one Chinese sentence."""

    def __init__(self, message: str):
        super().__init__(message, kind="package")


@dataclass
class Package:
    path: Path
    manifest: dict
    changes: list[dict]
    members: dict[str, dict] = field(default_factory=dict)

    @property
    def sender(self) -> dict:
        return self.manifest["from"]

    def blob_names(self) -> list[str]:
        return [n for n in self.members if n.startswith("blobs/")]

    def open_blob(self, sha256: str) -> Iterator[bytes]:
        """The bytes of one attachment, streamed and checked against the manifest again."""
        name = f"blobs/{sha256}"
        entry = self.members.get(name)
        if entry is None:
            raise PackageError(f"交换包中没有附件“{sha256[:12]}…”，{NOTHING}")
        with zipfile.ZipFile(self.path) as zf:
            yield from _stream(zf, name, entry)


# ----- writing ------------------------------------------------------------------------------
def write_package(out: Path, manifest: dict, changes: Iterable[dict], blobs: dict[str, Path],
                  private_key: str) -> tuple[Path, str]:
    """Write the package next to ``out`` and move it into place (no half file on failure). Returns the
    path and the SHA-256 of the signed manifest, which names every member's SHA-256: the package's
    fingerprint without reading hundreds of MB back."""
    out = Path(out)
    tmp = out.with_name(out.name + ".part")
    members: list[dict] = []
    try:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as zf:
            data = "".join(json.dumps(c, ensure_ascii=False, separators=(",", ":")) + "\n"
                           for c in changes).encode("utf-8")
            zf.writestr(CHANGES, data)
            members.append({"name": CHANGES, "sha256": hashlib.sha256(data).hexdigest(), "size": len(data)})
            for digest, path in sorted(blobs.items()):
                size = path.stat().st_size
                # already compressed files (photos, PDFs, zips) are stored, not deflated again
                zf.write(path, f"blobs/{digest}", compress_type=zipfile.ZIP_STORED)
                members.append({"name": f"blobs/{digest}", "sha256": digest, "size": size})
            manifest = {**manifest, "format": FORMAT, "members": members}
            body = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")
            zf.writestr(MANIFEST, body)
            zf.writestr(SIGNATURE, keys.sign(private_key, body).hex())
        os.replace(tmp, out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return out, hashlib.sha256(body).hexdigest()


# ----- reading ------------------------------------------------------------------------------
def _stream(zf: zipfile.ZipFile, name: str, entry: dict) -> Iterator[bytes]:
    declared = int(entry["size"])
    h = hashlib.sha256()
    seen = 0
    try:
        with zf.open(name) as f:
            while True:
                chunk = f.read(1 << 20)
                if not chunk:
                    break
                seen += len(chunk)
                if seen > declared:
                    raise PackageError(f"交换包中的文件“{name}”比清单声明的大，可能被篡改，{NOTHING}")
                h.update(chunk)
                yield chunk
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
        raise PackageError(f"交换包已损坏（文件“{name}”读不出来），可能在传输中出错，{NOTHING}") from exc
    if seen != declared or h.hexdigest() != entry["sha256"]:
        raise PackageError(f"交换包中的文件“{name}”与清单不符（大小或校验值不同），可能被篡改或损坏，{NOTHING}")


def _read_small(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int, what: str) -> bytes:
    if info.file_size > limit:
        raise PackageError(f"交换包中的{what}大得不正常，{NOTHING}")
    try:
        with zf.open(info) as f:
            data = f.read(limit + 1)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
        raise PackageError(f"交换包已损坏（{what}读不出来），可能在传输中出错，{NOTHING}") from exc
    if len(data) > limit:
        raise PackageError(f"交换包中的{what}大得不正常，{NOTHING}")
    return data


def _check_names(infos: list[zipfile.ZipInfo]) -> dict[str, zipfile.ZipInfo]:
    by_name: dict[str, zipfile.ZipInfo] = {}
    for info in infos:
        name = info.filename
        if _UNSAFE.search(name) or name.startswith("~") or "\u202e" in name:
            raise PackageError(f"交换包中有不安全的文件路径“{name[:60]}”，可能被篡改，{NOTHING}")
        if name in by_name:
            raise PackageError(f"交换包中的文件“{name[:60]}”出现了两次，可能被篡改，{NOTHING}")
        by_name[name] = info
    return by_name


def _parse_manifest(body: bytes) -> dict:
    try:
        manifest = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise PackageError(f"交换包的清单（manifest.json）格式不正确，{NOTHING}") from exc
    if not isinstance(manifest, dict) or not isinstance(manifest.get("format"), int):
        raise PackageError(f"交换包的清单（manifest.json）格式不正确，{NOTHING}")
    if manifest["format"] > FORMAT:
        raise PackageError(f"该交换包由更新版本的程序生成（格式版本 {manifest['format']}，本程序支持到 {FORMAT}），"
                           f"请先升级本程序，{NOTHING}")
    sender = manifest.get("from")
    members = manifest.get("members")
    if not isinstance(sender, dict) or not isinstance(members, list) or not all(
            isinstance(sender.get(k), str) for k in ("site", "level", "office", "public_key")):
        raise PackageError(f"交换包的清单（manifest.json）缺少必要内容，{NOTHING}")
    for m in members:
        if not (isinstance(m, dict) and isinstance(m.get("name"), str) and isinstance(m.get("size"), int)
                and m["size"] >= 0 and isinstance(m.get("sha256"), str)):
            raise PackageError(f"交换包的清单（manifest.json）中的文件列表格式不正确，{NOTHING}")
    return manifest


def read_package(path: str | os.PathLike, *, max_total: int = MAX_TOTAL) -> Package:
    """Open and check a package completely (signature, members, sizes, hashes); change nothing."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise PackageError(f"无法读取交换包文件“{path.name}”，请确认文件存在且有权限读取。") from exc
    if size > MAX_FILE:
        raise PackageError(f"交换包文件“{path.name}”超过 {MAX_FILE // 1024 ** 3} GB，不像本程序生成的交换包，{NOTHING}")
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise PackageError(f"交换包“{path.name}”已损坏或不完整（可能在传输中被截断），{NOTHING}") from exc
    with zf:
        by_name = _check_names(zf.infolist())
        if MANIFEST not in by_name or SIGNATURE not in by_name:
            raise PackageError(f"“{path.name}”不是交换包（缺少清单或签名），{NOTHING}")
        body = _read_small(zf, by_name[MANIFEST], MAX_MANIFEST, "清单")
        signature = _read_small(zf, by_name[SIGNATURE], 1024, "签名")
        manifest = _parse_manifest(body)
        try:
            sig = bytes.fromhex(signature.decode("ascii").strip())
        except (UnicodeDecodeError, ValueError):
            sig = b""
        if not keys.verify(manifest["from"]["public_key"], body, sig):
            raise PackageError(f"交换包的签名不正确，内容可能被改动过，{NOTHING}")
        members: dict[str, dict] = {}
        for m in manifest["members"]:
            if m["name"] in members:
                raise PackageError(f"交换包清单中文件“{m['name'][:60]}”列出了两次，可能被篡改，{NOTHING}")
            if m["name"] != CHANGES and not _BLOB.fullmatch(m["name"]):
                raise PackageError(f"交换包清单中有不认识的文件“{m['name'][:60]}”，{NOTHING}")
            members[m["name"]] = m
        total = sum(m["size"] for m in members.values())
        if total > max_total:
            raise PackageError(f"交换包解压后共 {total / 1024 ** 2:.0f} MB，超过上限 {max_total / 1024 ** 2:.0f} MB，{NOTHING}")
        for name, info in by_name.items():
            if name in (MANIFEST, SIGNATURE):
                continue
            if name not in members:
                raise PackageError(f"交换包中的文件“{name[:60]}”没有列在清单中，可能被篡改，{NOTHING}")
            if info.file_size > members[name]["size"]:
                raise PackageError(f"交换包中的文件“{name[:60]}”比清单声明的大，可能被篡改，{NOTHING}")
        for name in members:
            if name not in by_name:
                raise PackageError(f"交换包缺少清单中列出的文件“{name[:60]}”，可能不完整，{NOTHING}")
        if CHANGES not in members:
            raise PackageError(f"交换包缺少变更记录（changes.jsonl），{NOTHING}")
        if members[CHANGES]["size"] > MAX_CHANGES:
            raise PackageError(f"交换包的变更记录大得不正常，{NOTHING}")
        raw = b"".join(_stream(zf, CHANGES, members[CHANGES]))
        for name in members:
            if name != CHANGES:  # every blob is read through once: a flipped bit is found now
                for _chunk in _stream(zf, name, members[name]):
                    pass
    return Package(path=path, manifest=manifest, changes=_parse_changes(raw), members=members)


_CHANGE_KEYS = {"site": str, "seq": int, "op": str, "tbl": str, "uuid": str}


def _parse_changes(raw: bytes) -> list[dict]:
    from models.sync.deletions import ROW
    from models.sync.tables import SPECS

    out = []
    try:
        lines = io.StringIO(raw.decode("utf-8"))
        for line in lines:
            if not line.strip():
                continue
            change = json.loads(line)
            if not isinstance(change, dict) or not all(isinstance(change.get(k), t) for k, t in _CHANGE_KEYS.items()):
                raise ValueError
            if change["op"] not in ("insert", "field", "delete", "resolve") or change["tbl"] not in SPECS:
                raise ValueError
            whole_row = change["op"] == "resolve" and change["tbl"] == "problems" and change.get("field") == ROW
            if change["op"] in ("field", "resolve") and change.get("field") not in SPECS[change["tbl"]].fields \
                    and not whole_row:
                raise ValueError
            out.append(change)
    except (UnicodeDecodeError, ValueError) as exc:
        raise PackageError(f"交换包的变更记录格式不正确，{NOTHING}") from exc
    return out
