"""Reading import files: plain, zipped (GDELT's ``*.export.CSV.zip``) or gzipped, streamed.

Nothing here loads a whole file. Lines come in blocks decoded a megabyte at a time (a newline
byte never occurs inside a UTF-8 sequence, so cutting at the last newline is safe), which keeps
the per-line cost to a list index. Invalid UTF-8 names its line.

- ``numbered_lines(path)``: ``(line_number, text)`` per line, without the line terminator.
- ``first_line(path)``: the first non-blank line, for telling the format.
- ``check_tabs``, ``check_jsonl``, ``check_csv``, ``check_icews``: fast pre-passes (tab counts, no
  parse) that refuse a wrong-width or truncated line before anything is written, and return the
  number of data rows. Which applies to which format is said in formats.py. ``check_tabs`` (GDELT,
  ICEWS) also refuses a control character in any column, naming the column: coded-event files
  are written by machines from scraped pages, and an escape sequence in a URL or an actor code
  would reach every terminal that shows it.
"""

from __future__ import annotations

import gzip
import re
import zipfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import closing, contextmanager
from itertools import count
from pathlib import Path
from typing import BinaryIO

from dtl.application.importers.layouts import ICEWS_HEADER_START
from dtl.domain.errors import InvalidInput
from dtl.domain.provenance import control_character

CHUNK = 1 << 20  # bytes read at a time
MAX_LINE = 16 << 20  # a "line" longer than this is not a line of any format we read
_ZIP_MAGIC = b"PK\x03\x04"
_GZIP_MAGIC = b"\x1f\x8b"


# -- opening -------------------------------------------------------------------------------------
@contextmanager
def _open_binary(path: Path) -> Iterator[BinaryIO]:
    """The file's bytes, decompressed if it is a zip (exactly one member) or a gzip stream."""
    try:
        raw = open(path, "rb")  # noqa: SIM115 (closed below, or handed to the decompressor)
    except OSError as exc:
        raise InvalidInput("file", f"cannot read {str(path)!r}: {exc.strerror}") from None
    try:
        magic = raw.read(4)
        raw.seek(0)
        if magic == _ZIP_MAGIC:
            try:
                archive = zipfile.ZipFile(raw)
            except zipfile.BadZipFile:
                raise InvalidInput("format", "not a readable zip archive (is it truncated?)") from None
            with archive:
                members = [m for m in archive.infolist() if not m.is_dir()]
                if len(members) != 1:
                    names = ", ".join(m.filename for m in members[:3]) or "none"
                    raise InvalidInput(
                        "format",
                        f"a zip archive must hold exactly one file; this one holds {len(members)} ({names})",
                    )
                with archive.open(members[0]) as member:
                    yield member
        elif magic[:2] == _GZIP_MAGIC:
            with gzip.GzipFile(fileobj=raw, mode="rb") as stream:
                yield stream  # type: ignore[misc]
        else:
            yield raw
    finally:
        raw.close()


def _raw_chunks(path: Path) -> Iterator[bytes]:
    with _open_binary(Path(path)) as stream:
        while True:
            try:
                chunk = stream.read(CHUNK)
            except (EOFError, gzip.BadGzipFile, zipfile.BadZipFile, OSError) as exc:
                detail = str(exc).split("\n")[0][:80] or type(exc).__name__
                raise InvalidInput(
                    "format", f"the compressed data is truncated or corrupt ({detail})"
                ) from None
            if not chunk:
                return
            yield chunk


def _decode(block: bytes, first_line: int) -> str:
    try:
        return block.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidInput(
            "encoding", "not valid UTF-8", first_line + block.count(b"\n", 0, exc.start)
        ) from None


def _byte_blocks(path: Path | str) -> Iterator[tuple[bytes, bool]]:
    """Blocks of whole lines, undecoded: ``(bytes without the last newline, is_last_block)``."""
    pending = b""
    for chunk in _raw_chunks(Path(path)):
        data = pending + chunk if pending else chunk
        cut = data.rfind(b"\n")
        if cut < 0:
            if len(data) > MAX_LINE:
                raise InvalidInput("columns", f"a line longer than {MAX_LINE >> 20} MB")
            pending = data
            continue
        pending = data[cut + 1 :]
        yield data[:cut], False
    if pending:
        yield pending, True


def line_blocks(path: Path | str) -> Iterator[tuple[int, list[str], bool]]:
    """Blocks of lines: ``(number of the first line, lines, is_last_block)``.

    Lines carry no terminator (``\\n`` or ``\\r\\n``); a byte-order mark on line 1 is dropped.
    A final line without a newline is still a line (``is_last_block`` tells the pre-pass that
    a short last line probably means a truncated file).
    """
    number = 1
    for block, final in _byte_blocks(path):
        lines = _split(_decode(block, number), number == 1)
        yield number, lines, final
        number += len(lines)


def _split(text: str, first: bool) -> list[str]:
    if first and text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        # the block was cut before a newline: a CR at its end is the last line's CRLF
        text = text.replace("\r\n", "\n").removesuffix("\r")
    return text.split("\n")


def numbered_lines(path: Path | str) -> Iterator[tuple[int, str]]:
    """Every line of the file as ``(line_number, text)``, 1-based, streamed."""
    for number, lines, _ in line_blocks(path):
        yield from zip(count(number), lines)


def first_line(path: Path | str) -> tuple[int, str] | None:
    """The first non-blank line, reading no more of the file than it takes to find it."""
    with closing(numbered_lines(path)) as lines:
        for number, text in lines:
            if text.strip():
                return number, text
    return None


# -- the pre-pass --------------------------------------------------------------------------------
def _width_error(expected: int, found: int, line: int, last: bool) -> InvalidInput:
    hint = " (is the file truncated?)" if found < expected and last else ""
    return InvalidInput("columns", f"expected {expected} tab-separated columns, found {found}{hint}", line)


# Tabs, newlines and CRs (a CRLF file's) are the separators; the translation below keeps them
# and every other C0 control and DEL, so that a control character is a difference from the
# separators expected. C1 controls (U+0080-U+009F) are two bytes in UTF-8, looked for apart.
_C0_OR_DEL = bytes(b for b in range(0x20) if b not in b"\t\n\r") + b"\x7f"
_NOT_SEPARATOR_OR_CONTROL = bytes(b for b in range(256) if b not in b"\t\n\r" and b not in _C0_OR_DEL)
_C1_BYTES = re.compile(b"\xc2[\x80-\x9f]")
_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f]")  # in one line, without its CRLF's CR
Columns = Callable[[int], Sequence[str]]  # a file's width -> its columns' names


def _control_error(line: bytes, number: int, columns: Columns | None, width: int) -> InvalidInput | None:
    """The first control character of a line, as an error naming its column and the line."""
    text = line.decode("utf-8")  # the block it comes from was checked whole
    if text.endswith("\r"):
        text = text[:-1]
    found = _CONTROL.search(text)
    if found is None:
        return None
    index = text.count("\t", 0, found.start())
    names = columns(width) if columns is not None else ()
    name = names[index] if index < len(names) else f"column {index + 1}"
    return InvalidInput(name, f"contains a control character (U+{ord(found[0]):04X})", number)


def _first_nonblank(block: bytes) -> tuple[int, bytes] | None:
    for i, line in enumerate(block.split(b"\n")):
        if line.strip():
            return i, line
    return None


def check_tabs(
    path: Path | str, widths: tuple[int, ...], header: bool, columns: Columns | None = None
) -> int:
    """Every non-blank line must have the same number of tabs, one of ``widths`` - 1 (fixed by
    the first line), and no line may hold a control character (C0 but tab and newline, DEL,
    C1; a CR only before its newline): the error names the line and the column (``columns``
    gives the names for the file's width). Per block of lines, in C: delete every byte but
    tabs, line ends and the other C0 controls and DEL, and compare with (tabs x N + the first
    line's end) x lines; only a block that differs, or holds a C1 control, is looked at line by
    line, to name the line. UTF-8 is checked too (``isascii`` first: nearly free)."""
    rows = 0
    number = 1
    tabs = -1
    unit = b""
    for block, final in _byte_blocks(path):
        ascii_only = block.isascii()
        if not ascii_only:
            _decode(block, number)  # raises InvalidInput("encoding", ..., line)
        if tabs < 0:
            first = _first_nonblank(block)
            if first is None:
                number += block.count(b"\n") + 1
                continue
            i, line = first
            tabs = line.count(b"\t")
            if tabs + 1 not in widths:
                last = final and block.count(b"\n") == i
                raise _width_error(max(widths), tabs + 1, number + i, last)
            unit = b"\t" * tabs + (b"\r\n" if line.endswith(b"\r") else b"\n")  # as the first line ends
        separators = block.translate(None, _NOT_SEPARATOR_OR_CONTROL) + b"\n"
        n, rest = divmod(len(separators), len(unit))
        if (
            not rest
            and separators == unit * n
            and (ascii_only or b"\xc2" not in block or _C1_BYTES.search(block) is None)
        ):
            rows += n
            number += n
            continue
        lines = block.split(b"\n")
        for i, line in enumerate(lines):
            found = line.count(b"\t")
            if found == tabs:
                rows += 1
            elif line.strip():
                raise _width_error(tabs + 1, found + 1, number + i, final and i == len(lines) - 1)
            control = _control_error(line, number + i, columns, tabs + 1)
            if control is not None:
                raise control
        number += len(lines)
    if header and rows:
        rows -= 1
    return rows


def check_jsonl(path: Path | str) -> int:
    rows = 0
    for number, lines, final in line_blocks(path):
        for i, line in enumerate(lines):
            text = line.strip()
            if not text:
                continue
            if not (text[0] == "{" and text[-1] == "}"):
                hint = " (is the file truncated?)" if final and i == len(lines) - 1 else ""
                raise InvalidInput("json", f"not a complete JSON object{hint}", number + i)
            rows += 1
    return rows


def check_csv(path: Path | str) -> int:
    from dtl.application.importers.dtl_csv import parse_csv

    return sum(1 for _ in parse_csv(numbered_lines(path)))


def check_icews(path: Path | str) -> int:
    found = first_line(path)
    if found is None:
        return 0
    number, text = found
    if not text.startswith(ICEWS_HEADER_START):
        raise InvalidInput(
            "columns", "an ICEWS file starts with its header 'Event ID<TAB>Event Date ...'", number
        )
    problem = control_character(text, allowed="\t")
    if problem:
        raise InvalidInput("columns", f"the ICEWS header {problem}", number)
    names = tuple(name.strip() for name in text.split("\t"))
    return check_tabs(path, (len(names),), header=True, columns=lambda _: names)
