#!/usr/bin/env python3
"""Draws the MCP bundle's icon (packaging/mcpb/icon.png) with the standard library only.

A rounded square in the CreatorAudit violet with three white bars of a rising chart: creator analytics at a glance,
legible at 16 px. The PNG is committed; run this again only to change the drawing:
    python3 packaging/mcpb/make_icon.py [OUT.png] [SIZE]
The output is byte-for-byte deterministic (no time stamps), so an unchanged drawing leaves git clean.
"""
import struct
import sys
import zlib

BACKGROUND = (108, 63, 214)  # violet
FOREGROUND = (255, 255, 255)
SUPERSAMPLE = 4  # per axis: edges are averaged over 16 sub-pixels


def inside_rounded_square(x, y, size, radius):
    """True if (x, y) lies in a size×size square whose corners are rounded with `radius`."""
    cx = min(max(x, radius), size - radius)
    cy = min(max(y, radius), size - radius)
    return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2


def in_bar(x, y, size):
    """True if (x, y) lies in one of the three chart bars (fractions of the icon size)."""
    bars = [(0.22, 0.56), (0.42, 0.40), (0.62, 0.24)]  # left edge, top edge; all end at 0.78 down
    width, bottom = 0.16, 0.78
    for left, top in bars:
        if left * size <= x < (left + width) * size and top * size <= y < bottom * size:
            return True
    return False


def pixel(px, py, size):
    """RGBA of one output pixel, averaged over SUPERSAMPLE² sample points."""
    background = foreground = 0
    for sy in range(SUPERSAMPLE):
        for sx in range(SUPERSAMPLE):
            x = px + (sx + 0.5) / SUPERSAMPLE
            y = py + (sy + 0.5) / SUPERSAMPLE
            if not inside_rounded_square(x, y, size, size * 0.22):
                continue
            if in_bar(x, y, size):
                foreground += 1
            else:
                background += 1
    covered = background + foreground
    if covered == 0:
        return (0, 0, 0, 0)
    rgb = tuple(round((b * background + f * foreground) / covered) for b, f in zip(BACKGROUND, FOREGROUND))
    return rgb + (round(255 * covered / SUPERSAMPLE ** 2),)


def png(size):
    rows = bytearray()
    for py in range(size):
        rows.append(0)  # filter type: none
        for px in range(size):
            rows.extend(pixel(px, py, size))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)  # 8-bit RGBA, no interlace
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(bytes(rows), 9)) + chunk(
        b"IEND", b"")


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "packaging/mcpb/icon.png"
    size = int(sys.argv[2]) if len(sys.argv) > 2 else 256
    with open(out, "wb") as f:
        f.write(png(size))


if __name__ == "__main__":
    main()
