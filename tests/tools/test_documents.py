"""Reading sources: markdown, text, HTML (headings kept), PDF text layer, BEIR JSONL; bad files reported."""

from pathlib import Path

import pytest

from tools.documents import SourceDocument, UnreadableFile, iter_sources
from tools.errors import InvalidData


def minimal_pdf(*pages: str) -> bytes:
    """A PDF with one page per argument, each page's text layer that text (built by hand: no PDF writer needed)."""
    font = 3 + 2 * len(pages)
    kids = " ".join(f"{3 + 2 * i} 0 R" for i in range(len(pages)))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode()]
    for i, text in enumerate(pages):
        stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {4 + 2 * i} 0 R "
            f"/Resources << /Font << /F1 {font} 0 R >> >> >>".encode()
        )
        objects.append(b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream")
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    body, offsets = b"%PDF-1.4\n", []
    for number, content in enumerate(objects, start=1):
        offsets.append(len(body))
        body += f"{number} 0 obj\n".encode() + content + b"\nendobj\n"
    xref = len(body)
    body += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    body += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    body += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return body


def test_every_supported_format_is_read_and_unreadable_files_are_reported(tmp_path: Path) -> None:
    folder = tmp_path / "kb"
    folder.mkdir()
    (folder / "guide.md").write_text("# Guide\n\nUse the API.\n")
    (folder / "notes.txt").write_text("Plain notes.")
    (folder / "page.html").write_text(
        "<html><head><title>Runbook</title><style>p{}</style></head><body><h1>Runbook</h1>"
        "<p>Restart the <b>gateway</b>.</p><h2>Logs</h2><ul><li>journald</li></ul><script>x()</script></body></html>"
    )
    (folder / "report.pdf").write_bytes(minimal_pdf("Quarterly revenue grew by ten percent"))
    (folder / "corpus.jsonl").write_text('{"_id": "d1", "title": "T1", "text": "First."}\n')
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4 this is not a pdf")
    (folder / "latin1.txt").write_bytes("caf\xe9".encode("latin-1"))
    (folder / "image.png").write_bytes(b"\x89PNG")

    items = list(iter_sources([folder]))
    documents = {d.doc_id: d for d in items if isinstance(d, SourceDocument)}
    failures = {Path(f.path.split(":")[0]).name: f.reason for f in items if isinstance(f, UnreadableFile)}

    assert set(documents) == {"kb/guide.md", "kb/notes.txt", "kb/page.html", "kb/report.pdf", "d1"}
    html = documents["kb/page.html"]
    assert html.title == "Runbook" and html.markdown
    assert html.text == "# Runbook\n\nRestart the gateway.\n\n## Logs\n\n- journald\n"
    assert "Quarterly revenue grew by ten percent" in documents["kb/report.pdf"].text
    assert documents["d1"].title == "T1" and documents["d1"].text == "First."
    assert set(failures) == {"broken.pdf", "latin1.txt"}
    assert "UnicodeDecodeError" in failures["latin1.txt"]


def test_a_pdf_remembers_where_each_page_starts_so_chunks_can_cite_their_page(tmp_path: Path) -> None:
    (tmp_path / "manual.pdf").write_bytes(minimal_pdf("Install the agent first.", "", "Then restart the gateway."))
    (document,) = [d for d in iter_sources([tmp_path / "manual.pdf"]) if isinstance(d, SourceDocument)]
    assert document.text == "Install the agent first.\n\nThen restart the gateway."
    assert document.page_at(0) == 1 and document.page_at(document.text.index("Then")) == 3
    assert SourceDocument("x", "", "plain", markdown=False).page_at(0) is None


def test_a_bad_corpus_line_refuses_every_source_before_any_is_read(tmp_path: Path) -> None:
    folder = tmp_path / "kb"
    folder.mkdir()
    (folder / "a.md").write_text("# A\n\nRead first.\n")
    corpus = folder / "corpus.jsonl"
    corpus.write_text('{"_id": "d1", "text": "Fine."}\n\n{"_id": 7, "title": "T", "text": null}\n')
    with pytest.raises(InvalidData) as refused:
        iter_sources([folder])  # refused when called, not when the bad line would be reached
    assert str(refused.value) == f"{corpus}:3: text must be a string, got null; see docs/retrieval.md"
