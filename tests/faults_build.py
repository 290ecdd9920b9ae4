"""Inputs for the fault catalogue (issue 6), all generated at test time, never committed.

Each builder makes one kind of file a government website really serves — an error page saved as
.pdf, a cut-off download, a protected or scanned report, a budget instead of final accounts — from
the synthetic renderer, so the tests know every name and number they assert from what they built.
"""

from __future__ import annotations

import copy
import hashlib
import io
import random
from pathlib import Path

import nbformat
from pypdf import PdfReader, PdfWriter
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from juesuan_dev.synth import Department, RenderOptions, dump_description, load_description, render_pdf, synthetic_department
from juesuan_dev.synth.styles import register_font

HTML_ERROR_PAGE = "<!DOCTYPE html>\n<html><head><title>404 Not Found</title></head><body>页面不存在</body></html>\n"


def department(seed: int, n_rows: int = 4, name: str | None = None) -> Department:
    """A small consistent synthetic department; `name` replaces its printed department name."""
    dept = synthetic_department(n_rows, seed=seed)
    if name is not None:
        dept = copy.deepcopy(dept)
        dept.department = name
        whole = dept.performance[0]
        whole.header_left = f"部门名称：{name}"
        whole.info_rows[0] = ["部门名称", name]
    return dept


def report(path: Path, dept: Department, options: RenderOptions | None = None) -> Path:
    """Render dept to path (plain layout unless options say otherwise)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    return render_pdf(dept, path, options or RenderOptions())


def table_printed_twice(dept: Department, key: str) -> Department:
    """A copy of dept whose table `key` is printed a second time after the others (a re-typeset slip)."""
    twice = copy.deepcopy(dept)
    twice.tables.append(copy.deepcopy(twice.table(key)))
    return twice


def html_page(path: Path) -> Path:
    path.write_text(HTML_ERROR_PAGE, encoding="utf-8")
    return path


def zero_bytes(path: Path) -> Path:
    path.write_bytes(b"")
    return path


def truncated(source: Path, path: Path, keep: float = 0.4) -> Path:
    """The first `keep` of source's bytes: a download cut short."""
    data = source.read_bytes()
    path.write_bytes(data[: int(len(data) * keep)])
    return path


def encrypted(source: Path, path: Path, user_password: str) -> Path:
    """source protected with an owner password and the given user password ('' = opens without one)."""
    writer = PdfWriter(clone_from=PdfReader(source))
    writer.encrypt(user_password=user_password, owner_password="owner-secret", algorithm="AES-128")
    with path.open("wb") as fh:
        writer.write(fh)
    return path


def scanned(path: Path, pages: int = 3) -> Path:
    """Pages that carry only a raster image of a page (what a scanner produces): no characters."""
    from PIL import Image, ImageDraw
    from reportlab.lib.utils import ImageReader

    c = canvas.Canvas(str(path), pagesize=A4)
    for n in range(pages):
        img = Image.new("L", (620, 877), 255)
        draw = ImageDraw.Draw(img)
        for row in range(20):  # ruled lines and grey "text" blocks, as a scanned table looks
            draw.line((40, 80 + 35 * row, 580, 80 + 35 * row), fill=0, width=2)
            draw.rectangle((60, 88 + 35 * row, 60 + (n * 37 + row * 53) % 400 + 60, 100 + 35 * row), fill=96)
        buf = io.BytesIO()
        img.save(buf, format="PNG")
        buf.seek(0)
        c.drawImage(ImageReader(buf), 0, 0, width=A4[0], height=A4[1])
        c.showPage()
    c.save()
    return path


def budget_report(path: Path, seed: int, work: Path) -> Path:
    """The same layout as a 决算 report, but a 部门预算: every 决算 in the description becomes 预算."""
    yml = dump_description(department(seed), work / f"budget-{seed}.yml")
    yml.write_text(yml.read_text(encoding="utf-8").replace("决算", "预算"), encoding="utf-8")
    return report(path, load_description(yml))


def random_document(path: Path, seed: int, pages: int = 2) -> Path:
    """A readable Chinese document that is no report at all (random common characters)."""
    rng = random.Random(seed)
    chars = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经"
    c = canvas.Canvas(str(path), pagesize=A4)
    for _ in range(pages):
        c.setFont(register_font(), 11)
        for i in range(30):
            c.drawString(60, 780 - 22 * i, "".join(rng.choice(chars) for _ in range(36)))
        c.showPage()
    c.save()
    return path


def with_filler_pages(source: Path, path: Path, total_pages: int) -> Path:
    """source followed by pages of explanatory text until the PDF has total_pages pages.

    What makes a real report long is text (项目说明, 名词解释, attachments), not bigger tables.
    """
    reader = PdfReader(source)
    missing = total_pages - len(reader.pages)
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    line = "本部门认真贯彻落实过紧日子要求，严控一般性支出，加强预算执行管理与绩效运行监控，资金使用效益进一步提高。"
    for n in range(missing):
        c.setFont(register_font(), 10.5)
        c.drawString(60, 800, f"附件说明（续{n + 1}）")
        for i in range(34):
            c.drawString(60, 770 - 20 * i, line[(i + n) % 7:] + line[: (i + n) % 7])
        c.drawCentredString(A4[0] / 2, 26, f"— {len(reader.pages) + n + 1} —")
        c.showPage()
    c.save()
    writer = PdfWriter(clone_from=reader)
    for page in PdfReader(io.BytesIO(buf.getvalue())).pages:
        writer.add_page(page)
    with path.open("wb") as fh:
        writer.write(fh)
    return path


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def tree_hashes(root: Path) -> dict[str, tuple[str, float]]:
    """Every file below root → (sha256, mtime): a write, a touch or a new file all show."""
    return {p.relative_to(root).as_posix(): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime)
            for p in sorted(root.rglob("*")) if p.is_file()}


def leftovers(root: Path) -> list[Path]:
    """Temporary or hidden files an interrupted write would leave behind."""
    return [p for p in root.rglob("*") if p.name.startswith(".") or p.suffix == ".tmp"]


def notebook(path: Path, cells: list[str], parameters: str = "pdf_path = ''\ndepartment = ''\nyear = 0\nprocessed_dir = ''") -> Path:
    """A tiny parameterised notebook: a `parameters` cell, then the given code cells."""
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell(parameters)
    params.metadata["tags"] = ["parameters"]
    nb.cells = [params, *(nbformat.v4.new_code_cell(code) for code in cells)]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, str(path))
    return path


def notebook_with_setup(source: Path, path: Path, setup: str) -> Path:
    """A copy of source with `setup` run right after its `parameters` cell (and its injected values)."""
    nb = nbformat.read(str(source), as_version=4)
    at = next(i for i, c in enumerate(nb.cells) if "parameters" in c.metadata.get("tags", []))
    nb.cells.insert(at + 1, nbformat.v4.new_code_cell(setup))
    nbformat.write(nb, str(path))
    return path


def bomb(path: Path, gib: int = 4, page: int = 2, pages: int = 3) -> Path:
    """A PDF of `pages` blank pages whose page `page` has a content stream of ~gib·1 MB stored that
    inflates to `gib` GiB of spaces (a decompression bomb: deflate blocks of 1 MiB, each flushed so
    every block compresses to the same bytes, repeated)."""
    import zlib

    from pypdf.generic import DecodedStreamObject, NameObject

    squeeze = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    first = squeeze.compress(chunk) + squeeze.flush(zlib.Z_FULL_FLUSH)
    block = squeeze.compress(chunk) + squeeze.flush(zlib.Z_FULL_FLUSH)
    data = first + block * (gib * 1024 - 1) + squeeze.flush()
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(595, 842)
    stream = DecodedStreamObject()
    stream.set_data(data)  # written as stored: the Filter below says how to read it
    stream[NameObject("/Filter")] = NameObject("/FlateDecode")
    writer.pages[page - 1][NameObject("/Contents")] = writer._add_object(stream)
    with path.open("wb") as fh:
        writer.write(fh)
    return path
