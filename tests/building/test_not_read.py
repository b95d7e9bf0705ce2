"""Files that look like acts in a form no reader takes are reported by ``nqs build``, never
passed over in silence (a folder's README is not an act)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from nqs.cli import main
from nqs.loaders.documents import not_read
from tests.conftest import BALLET


def test_acts_in_forms_no_reader_takes_are_reported(tmp_path: Path) -> None:
    folder = tmp_path / "src"
    (folder / "scans").mkdir(parents=True)
    (folder / BALLET.name).write_bytes(BALLET.read_bytes())
    (folder / "order-616.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")  # OLE2 header
    (folder / "scans" / "page-1.JPG").write_bytes(b"\xff\xd8\xff")
    (folder / "README.md").write_text("what this folder holds\n", encoding="utf-8")
    assert not_read([folder]) == [
        (folder / "order-616.doc", "a Word 97-2003 file"),
        (folder / "scans" / "page-1.JPG", "an image (a scan has no text to read)"),
    ]
    store = tmp_path / "store"
    r = CliRunner().invoke(main, ["build", "--sources", str(folder), "--store", str(store)])
    assert r.exit_code == 0, r.output
    readable = ".docx, .htm, .html, .pdf, .txt"
    assert (
        f"NOT READ  {folder / 'order-616.doc'}: a Word 97-2003 file; the loaders read "
        f"{readable} (save it as one)"
    ) in r.output
    assert f"NOT READ  {folder / 'scans' / 'page-1.JPG'}: an image" in r.output
    assert "README.md" not in r.output
    assert "loaded  000_ed35bb0e5147c5b7.txt" in r.output
