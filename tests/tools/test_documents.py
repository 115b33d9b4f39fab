"""Reading sources: markdown, text, HTML (headings kept), PDF text layer, BEIR JSONL; bad files reported."""

from pathlib import Path

from tools.documents import SourceDocument, UnreadableFile, iter_sources


def minimal_pdf(text: str) -> bytes:
    """A one-page PDF whose text layer is `text` (built by hand: no PDF writer is needed)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
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
    (folder / "corpus.jsonl").write_text('{"_id": "d1", "title": "T1", "text": "First."}\n{"title": "no id"}\n')
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
    assert set(failures) == {"corpus.jsonl", "broken.pdf", "latin1.txt"}
    assert "UnicodeDecodeError" in failures["latin1.txt"]
