"""The images an article may show: only the KB's own, by name.

``![alt](kb:NAME.png)`` in an article names a file in the KB's image folders: the user's
data directory (``<data dir>/images/``, where stored KB images live) and the shipped
``assets/kb/images/``. A name is a bare file name (no folder, no ``..``); the file is opened
without following a link and without blocking (a pipe or a device never stalls), read only when
it is a regular file of at most :data:`MAX_IMAGE_BYTES`, and decoded only when it is a PNG, JPEG
or GIF of a reasonable pixel size (an SVG could name other files). Nothing else is ever opened
for an article.

Thread rule: worker threads (the KB's read worker); QImage is safe there.
"""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

from PyQt6.QtCore import QBuffer, QByteArray, QIODevice, QSize
from PyQt6.QtGui import QImage, QImageReader

from kb.paths import assets_dir

log = logging.getLogger(__name__)

MAX_IMAGE_BYTES = 2 * 1024 * 1024
MAX_IMAGE_SIDE = 2048  # pixels, before decoding
SHOWN_IMAGE_WIDTH = 640  # larger images are scaled down to this
DECODED_FORMATS = {b"png", b"jpeg", b"jpg", b"gif"}


def kb_image_folders(home: Path | None) -> list[Path]:
    """Where KB images are looked up, in order: stored, then shipped."""
    folders = [home / "images"] if home is not None else []
    return [*folders, assets_dir() / "kb" / "images"]


def read_kb_image(name: str, folders: list[Path]) -> QImage | None:
    """The decoded image ``name`` from the first folder that has it as a regular file of at
    most :data:`MAX_IMAGE_BYTES`; None otherwise. ``name`` is a bare file name (checked by the
    renderer): no folder part, no ``..``."""
    if "/" in name or "\\" in name or name.startswith("."):
        return None
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0) \
        | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    for folder in folders:
        try:
            descriptor = os.open(folder / name, flags)
        except OSError:
            continue
        try:
            info = os.fstat(descriptor)
            if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_IMAGE_BYTES:
                log.warning("KB image %s is not a regular file under %d bytes", name,
                            MAX_IMAGE_BYTES)
                return None
            data = os.read(descriptor, MAX_IMAGE_BYTES + 1)
        finally:
            os.close(descriptor)
        return decode_image(data)
    return None


def decode_image(data: bytes) -> QImage | None:
    """Decode with the size checked first (no decompression bomb), scaled to fit the view."""
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer)
    if bytes(reader.format().data()).lower() not in DECODED_FORMATS:
        return None
    size = reader.size()
    if not size.isValid() or size.width() > MAX_IMAGE_SIDE or size.height() > MAX_IMAGE_SIDE:
        return None
    if size.width() > SHOWN_IMAGE_WIDTH:
        reader.setScaledSize(QSize(SHOWN_IMAGE_WIDTH,
                                   max(1, size.height() * SHOWN_IMAGE_WIDTH // size.width())))
    image = reader.read()
    return None if image.isNull() else image
