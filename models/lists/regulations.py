"""法规库: regulations imported from .docx, .txt or pasted text, split into articles, searchable;
学习清单 per campaign; a problem's 法条依据 linked to the articles it cites, with their text as it was."""
from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from models import audit
from models.lists.splitter import article_numbers_in, split_regulation
from models.normalize import normalize_name, normalize_text
from models.store import Store, ValidationError, now_text

MAX_FILE_BYTES = 20 * 1024 * 1024   # a regulation is tens of KB; anything this big is not one
MAX_ARTICLES = 2000
_CITATION = re.compile(r"《([^《》\n]{1,80})》\s*(第[零〇一二两三四五六七八九十百千0-9]+条)")


@dataclass
class ArticleHit:
    article_id: int
    regulation_id: int
    title: str
    label: str
    chapter: str
    text: str

    @property
    def citation(self) -> str:
        return citation(self.title, self.label)


def citation(title: str, label: str) -> str:
    return f"《{title}》{label}"


def read_regulation_file(path: str | Path) -> str:
    """The text of a .docx or .txt file (UTF-8 or GB18030), refused in Chinese when it is not one."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ValidationError(f"无法读取文件“{path.name}”，请确认文件存在且有权限打开。") from exc
    if not path.is_file():
        raise ValidationError(f"“{path.name}”不是文件，请选择 .docx 或 .txt 文件。")
    if size > MAX_FILE_BYTES:
        raise ValidationError(f"文件“{path.name}”太大（超过 20 MB），不像一部法规，请检查是否选错了文件。")
    suffix = path.suffix.lower()
    if suffix == ".docx":
        return _docx_text(path)
    if suffix in (".txt", ".text", ""):
        data = path.read_bytes()
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                continue
        raise ValidationError(f"无法识别文件“{path.name}”的文字编码，请另存为 UTF-8 文本后再导入。")
    raise ValidationError(f"只能导入 .docx 或 .txt 文件（“{path.name}”不是）。.doc 文件请先用 Word 或 WPS 另存为 .docx。")


def _docx_text(path: Path) -> str:
    from docx import Document

    try:
        with zipfile.ZipFile(path) as z:
            info = z.getinfo("word/document.xml")
            if info.file_size > 10 * MAX_FILE_BYTES:
                raise ValidationError(f"文件“{path.name}”的内容过大，无法作为法规导入。")
        doc = Document(str(path))
    except ValidationError:
        raise
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ValidationError(f"文件“{path.name}”不是有效的 Word（.docx）文件，或已损坏。") from exc
    except Exception as exc:  # python-docx raises assorted errors on damaged XML
        raise ValidationError(f"文件“{path.name}”无法读取，可能已损坏，请用 Word 或 WPS 打开后另存再试。") from exc
    return "\n".join(p.text for p in doc.paragraphs)


def import_regulation(store: Store, text: str, *, title: str = "", issuer: str = "",
                      adopted_on: str = "", effective_on: str = "") -> int:
    """Split ``text`` and store the regulation with its articles in one transaction; returns its id."""
    split = split_regulation(text, title=normalize_name(title))
    title = normalize_name(split.title).strip("《》")
    if not title:
        raise ValidationError("请填写法规名称。", field="title")
    if not split.articles:
        raise ValidationError("没有找到“第一条　……”这样的条文，请确认粘贴的是法规全文。", field="text")
    if len(split.articles) > MAX_ARTICLES:
        raise ValidationError(f"条文超过 {MAX_ARTICLES} 条，不像一部法规，请检查文本。", field="text")
    with store.transaction() as conn:
        if store.scalar("SELECT id FROM regulations WHERE title = ?", (title,)):
            raise ValidationError(f"法规库中已有《{title}》。如需更新，请先删除旧的再导入。", field="title")
        cur = conn.execute(
            "INSERT INTO regulations(title, issuer, adopted_on, effective_on, created_at) VALUES (?, ?, ?, ?, ?)",
            (title, normalize_text(issuer, multiline=False), adopted_on or split.adopted_on,
             normalize_text(effective_on, multiline=False), now_text()))
        rid = cur.lastrowid
        conn.executemany(
            "INSERT INTO regulation_articles(regulation_id, number, label, chapter, section, text) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [(rid, a.number, a.label, a.chapter, a.section, a.text) for a in split.articles])
        audit.record(store, entity="regulation", entity_id=rid, action="导入法规",
                     new=f"《{title}》{len(split.articles)}条")
    return rid


def delete_regulation(store: Store, regulation_id: int) -> None:
    """Problems keep their citations and the article text as it was (the link is cleared)."""
    with store.transaction() as conn:
        title = store.scalar("SELECT title FROM regulations WHERE id = ?", (regulation_id,))
        if title is None:
            raise ValidationError("该法规已不存在。")
        conn.execute("DELETE FROM regulations WHERE id = ?", (regulation_id,))
        audit.record(store, entity="regulation", entity_id=regulation_id, action="删除法规", old=f"《{title}》")


def list_regulations(store: Store, campaign_id: int | None = None) -> list[dict]:
    """Every regulation with its article count and whether it is in the campaign's 学习清单."""
    return store.query(
        "SELECT r.*, (SELECT COUNT(*) FROM regulation_articles a WHERE a.regulation_id = r.id) AS articles,"
        " EXISTS (SELECT 1 FROM campaign_study s WHERE s.regulation_id = r.id AND s.campaign_id = ?) AS study"
        " FROM regulations r ORDER BY r.title", (campaign_id,))


def articles(store: Store, regulation_id: int) -> list[dict]:
    return store.query("SELECT * FROM regulation_articles WHERE regulation_id = ? ORDER BY number",
                       (regulation_id,))


def set_study(store: Store, campaign_id: int, regulation_id: int, study: bool) -> None:
    with store.transaction() as conn:
        if study:
            conn.execute("INSERT OR IGNORE INTO campaign_study(campaign_id, regulation_id) VALUES (?, ?)",
                         (campaign_id, regulation_id))
        else:
            conn.execute("DELETE FROM campaign_study WHERE campaign_id = ? AND regulation_id = ?",
                         (campaign_id, regulation_id))


def study_list(store: Store, campaign_id: int) -> list[dict]:
    return store.query(
        "SELECT r.*, (SELECT COUNT(*) FROM regulation_articles a WHERE a.regulation_id = r.id) AS articles"
        " FROM regulations r JOIN campaign_study s ON s.regulation_id = r.id"
        " WHERE s.campaign_id = ? ORDER BY r.title", (campaign_id,))


def search_articles(store: Store, query: str, limit: int = 50) -> list[ArticleHit]:
    """Articles matching every word of ``query``: "消防", "第十五条", "养老服务条例 第十五条"."""
    words = [w for w in re.split(r"\s+", normalize_text(query, multiline=False)) if w]
    where, params = [], []
    for word in words:
        numbers = article_numbers_in(word)
        if numbers and re.fullmatch(r"第.+条", word):
            where.append("a.number = ?")
            params.append(numbers[0])
        else:
            where.append("(instr(a.text, ?) > 0 OR instr(r.title, ?) > 0 OR instr(a.chapter, ?) > 0)")
            params += [word.strip("《》"), word.strip("《》"), word]
    sql = ("SELECT a.id, a.regulation_id, r.title, a.label, a.chapter, a.text FROM regulation_articles a"
           " JOIN regulations r ON r.id = a.regulation_id"
           + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY r.title, a.number LIMIT ?")
    return [ArticleHit(r["id"], r["regulation_id"], r["title"], r["label"], r["chapter"], r["text"])
            for r in store.query(sql, (*params, limit))]


def find_article(store: Store, title: str, label: str) -> dict | None:
    numbers = article_numbers_in(label)
    if not numbers:
        return None
    return store.query_one(
        "SELECT a.id, a.regulation_id, a.text FROM regulation_articles a JOIN regulations r ON r.id = a.regulation_id"
        " WHERE r.title = ? AND a.number = ?", (normalize_name(title), numbers[0]))


def article_id_for(store: Store, legal_basis: str) -> int | None:
    """The first article of the library that a 法条依据 text cites, if any."""
    for title, label in citations_in(legal_basis):
        found = find_article(store, title, label)
        if found:
            return found["id"]
    return None


def citations_in(text: str) -> list[tuple[str, str]]:
    """(title, 第N条) pairs a 法条依据 text names, in order, without repeats."""
    seen: list[tuple[str, str]] = []
    for m in _CITATION.finditer(text or ""):
        pair = (normalize_name(m.group(1)), m.group(2))
        if pair not in seen:
            seen.append(pair)
    return seen


def sync_problem_refs(store: Store, problem_id: int, legal_basis: str) -> None:
    """Keep the problem's article links in step with its 法条依据 text (inside the caller's transaction).

    A citation already linked keeps the article text it had when first chosen; a new citation of an
    article in the 法规库 is linked with today's text; a citation not in the library stays free text."""
    existing = {r["citation"]: r for r in store.query(
        "SELECT * FROM problem_legal_refs WHERE problem_id = ?", (problem_id,))}
    rows = []
    for position, (title, label) in enumerate(citations_in(legal_basis)):
        cited = citation(title, label)
        old = existing.get(cited)
        if old is not None:
            rows.append((problem_id, position, old["regulation_id"], old["article_id"], cited, old["article_text"]))
            continue
        found = find_article(store, title, label)
        if found is not None:
            rows.append((problem_id, position, found["regulation_id"], found["id"], cited, found["text"]))
    conn = store.conn
    conn.execute("DELETE FROM problem_legal_refs WHERE problem_id = ?", (problem_id,))
    conn.executemany(INSERT_REFS, rows)


def new_problem_refs(store: Store, problem_id: int, legal_basis: str, found: dict) -> list[tuple]:
    """The problem_legal_refs rows ``sync_problem_refs`` writes for a problem that has none yet, for a
    batch written at once (an import); ``found`` keeps the articles looked up across the batch."""
    rows = []
    for position, (title, label) in enumerate(citations_in(legal_basis)):
        if (title, label) not in found:
            found[(title, label)] = find_article(store, title, label)
        article = found[(title, label)]
        if article is not None:
            rows.append((problem_id, position, article["regulation_id"], article["id"], citation(title, label),
                         article["text"]))
    return rows


INSERT_REFS = ("INSERT INTO problem_legal_refs(problem_id, position, regulation_id, article_id, citation,"
               " article_text) VALUES (?, ?, ?, ?, ?, ?)")


def problem_refs(store: Store, problem_id: int) -> list[dict]:
    return store.query("SELECT * FROM problem_legal_refs WHERE problem_id = ? ORDER BY position", (problem_id,))
