"""Zip archives read in place: their members listed, named and read (a member leading out of the archive is
refused and said).
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from lectureanalysis.errors import (
    UnreadableFileError,
    describe,
)
from lectureanalysis.text.decoding import (
    gb18030_name,
)


def zip_member_name(info: zipfile.ZipInfo) -> str:
    """A member's name as the person who zipped it wrote it: names without the UTF-8 flag (bit 11) are
    stored in the code page of the machine that made the archive — on Chinese Windows GBK — and Python reads
    them as CP437; they are turned back into bytes and decoded as GB18030 when that gives Chinese."""
    if info.flag_bits & 0x800:
        return info.filename
    try:
        raw = info.filename.encode("cp437")
    except UnicodeEncodeError:
        return info.filename
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return gb18030_name(raw) or info.filename


def zip_members(path: Path) -> list[tuple[str, str]]:
    """``(member as stored, readable name)`` of the readable files in a zip archive, in archive order."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise UnreadableFileError(describe(path, f"not a readable zip archive ({exc})")) from None
    members = []
    for info in infos:
        if info.is_dir():
            continue
        readable = zip_member_name(info)
        parts = Path(readable.replace("\\", "/")).parts
        if ".." in parts or readable.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", readable):
            members.append((info.filename, UNSAFE_MEMBER + readable))  # a path out of the archive: said, not read
            continue
        if any(part.startswith(".") or part == "__MACOSX" for part in parts):
            continue
        members.append((info.filename, readable))
    return members


#: the mark zip_members puts before a member whose name leads out of the archive (../x.txt, /etc/x, C:\x)
UNSAFE_MEMBER = "\x00unsafe:"


def read_zip_member(path: Path, member: str, *, max_bytes: int) -> bytes:
    """The bytes of one member, refused when it would unpack to more than ``max_bytes``."""
    try:
        with zipfile.ZipFile(path) as archive:
            info = archive.getinfo(member)
            if info.file_size > max_bytes:
                raise UnreadableFileError(describe(f"{path}/{member}", f"larger than max_bytes={max_bytes:,} bytes "
                                                                        f"({info.file_size:,} bytes unpacked)"))
            if info.flag_bits & 0x1:
                raise UnreadableFileError(describe(f"{path}/{member}", "encrypted inside the zip archive"))
            with archive.open(info) as handle:
                data = handle.read(max_bytes + 1)
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError) as exc:
        raise UnreadableFileError(describe(f"{path}/{member}", f"cannot be read from the archive ({exc})")) from None
    if len(data) > max_bytes:
        raise UnreadableFileError(describe(f"{path}/{member}", f"larger than max_bytes={max_bytes:,} bytes"))
    return data
