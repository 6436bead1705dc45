"""Zip archives that share most of their parts, each zipped once.

Every Word download is the same package (styles, numbering, theme) with its own body and
properties. Appending those to a copy of the zipped package with `zipfile` re-reads the
package's directory for each file; here the shared parts' bytes and directory entries are
made once and each archive only zips its own parts. The bytes are those `zipfile` writes for
the same entries (tests/test_word_download.py compares them).
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from collections.abc import Iterable

DATE = (1980, 1, 1, 0, 0, 0)  # fixed: a build stays reproducible
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")
_END = struct.Struct("<4s4H2LH")


class SharedParts:
    """Parts zipped once, first in every archive made with with_parts()."""

    def __init__(self, parts: Iterable[tuple[str, bytes | str]]):
        self.local, self.central, self.count = _zipped_parts(parts, 0)

    def with_parts(self, parts: Iterable[tuple[str, bytes | str]]) -> bytes:
        """A whole archive: the shared parts, then these."""
        local, central, count = _zipped_parts(parts, len(self.local))
        count += self.count
        directory = self.central + central
        offset = len(self.local) + len(local)  # where the directory starts
        end = _END.pack(b"PK\005\006", 0, 0, count, count, len(directory), offset, 0)
        return self.local + local + directory + end


def _zipped_parts(
    parts: Iterable[tuple[str, bytes | str]], offset: int
) -> tuple[bytes, bytes, int]:
    """Parts zipped from `offset` in the archive on: their entries, their entries in the
    central directory, their count."""
    local, central = [], []
    for name, data in parts:
        entry, directory = _zipped(name, data, offset)
        local.append(entry)
        central.append(directory)
        offset += len(entry)
    return b"".join(local), b"".join(central), len(local)


def _zipped(name: str, data: bytes | str, offset: int) -> tuple[bytes, bytes]:
    """A part's local header and deflated data, and its entry in the central directory."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    info = zipfile.ZipInfo(name, date_time=DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o600 << 16  # rw-------, as zipfile gives a part with no mode
    compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
    packed = compressor.compress(data) + compressor.flush()
    info.file_size, info.compress_size, info.CRC = len(data), len(packed), zlib.crc32(data)
    encoded_name = name.encode("ascii")  # the parts of a package have ASCII names
    year, month, day, hour, minute, second = DATE
    directory = _CENTRAL.pack(
        b"PK\001\002",
        info.create_version,
        info.create_system,
        info.extract_version,
        info.reserved,
        info.flag_bits,
        info.compress_type,
        hour << 11 | minute << 5 | second // 2,
        (year - 1980) << 9 | month << 5 | day,
        info.CRC,
        info.compress_size,
        info.file_size,
        len(encoded_name),
        0,  # no extra field
        0,  # no comment
        0,  # disk
        info.internal_attr,
        info.external_attr,
        offset,
    )
    return info.FileHeader(zip64=False) + packed, directory + encoded_name
