#!/usr/bin/env python3
"""Checks a screenshot of a drg HTML report: every chart must be there, and nothing may be
drawn to the right of the page.

Usage:
  check-report-png.py SHOT.png [--blank-right-of X] NAME=COLOUR[|COLOUR...]:MIN_PIXELS ...

Each NAME=... counts the pixels whose colour is within 8 of one of the given #rrggbb
colours (per channel) and fails when there are fewer than MIN_PIXELS: a chart that is
missing or blank has none of its marks' colours. --blank-right-of X fails when a pixel at
x >= X is not white (content wider than the page). Python 3 standard library only: the PNG
is decoded with zlib and struct (8-bit greyscale, RGB, palette-free RGBA; no interlace).
Exits 0 when every check passes, 1 otherwise, 2 on a bad file or argument.
"""

import struct
from collections import Counter
import sys
import zlib


def decode_png(path):
    """Returns (width, height, rows) with rows a list of bytes objects of RGB triples."""
    with open(path, "rb") as handle:
        data = handle.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError(f"{path}: not a PNG file")
    position = 8
    idat = []
    width = height = depth = colour = interlace = None
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        body = data[position + 8 : position + 8 + length]
        position += 12 + length
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
    if width is None:
        raise ValueError(f"{path}: no IHDR chunk")
    channels = {0: 1, 2: 3, 4: 2, 6: 4}.get(colour)
    if depth != 8 or channels is None or interlace != 0:
        raise ValueError(
            f"{path}: unsupported PNG (bit depth {depth}, colour type {colour}, "
            f"interlace {interlace}); expected 8-bit grey/RGB/RGBA without interlace"
        )
    raw = zlib.decompress(b"".join(idat))
    stride = width * channels
    rows = []
    previous = bytearray(stride)
    offset = 0
    for _ in range(height):
        kind = raw[offset]
        line = bytearray(raw[offset + 1 : offset + 1 + stride])
        offset += 1 + stride
        unfilter(kind, line, previous, channels)
        rows.append(to_rgb(line, channels))
        previous = line
    return width, height, rows


def unfilter(kind, line, previous, bpp):
    """Undoes the PNG filter of one scanline in place."""
    if kind == 0:
        return
    if kind == 1:
        for i in range(bpp, len(line)):
            line[i] = (line[i] + line[i - bpp]) & 0xFF
    elif kind == 2:
        for i in range(len(line)):
            line[i] = (line[i] + previous[i]) & 0xFF
    elif kind == 3:
        for i in range(len(line)):
            left = line[i - bpp] if i >= bpp else 0
            line[i] = (line[i] + ((left + previous[i]) >> 1)) & 0xFF
    elif kind == 4:
        for i in range(len(line)):
            a = line[i - bpp] if i >= bpp else 0
            b = previous[i]
            c = previous[i - bpp] if i >= bpp else 0
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            predictor = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
            line[i] = (line[i] + predictor) & 0xFF
    else:
        raise ValueError(f"unknown PNG filter {kind}")


def to_rgb(line, channels):
    if channels == 3:
        return bytes(line)
    if channels == 4:
        out = bytearray()
        for i in range(0, len(line), 4):
            out += line[i : i + 3]
        return bytes(out)
    if channels == 2:
        return bytes(v for i in range(0, len(line), 2) for v in (line[i],) * 3)
    return bytes(v for g in line for v in (g, g, g))


def parse_colour(text):
    text = text.strip().lstrip("#")
    if len(text) != 6:
        raise ValueError(f"colour '{text}' is not #rrggbb")
    return tuple(int(text[i : i + 2], 16) for i in (0, 2, 4))


def histogram(rows):
    """Pixels by (r, g, b) colour."""
    counts = Counter()
    for row in rows:
        counts.update(zip(row[0::3], row[1::3], row[2::3]))
    return counts


def count_pixels(counts, colours, tolerance=8):
    """Pixels within `tolerance` per channel of one of `colours`."""
    total = 0
    for (r, g, b), count in counts.items():
        for cr, cg, cb in colours:
            if abs(r - cr) <= tolerance and abs(g - cg) <= tolerance and abs(b - cb) <= tolerance:
                total += count
                break
    return total


def main(arguments):
    if not arguments or arguments[0] in ("-h", "--help"):
        print(__doc__)
        return 2
    path = arguments[0]
    blank_from = None
    checks = []
    rest = arguments[1:]
    while rest:
        item = rest.pop(0)
        if item == "--blank-right-of":
            blank_from = int(rest.pop(0))
            continue
        try:
            name, spec = item.split("=", 1)
            colours_text, minimum = spec.rsplit(":", 1)
            checks.append((name, [parse_colour(c) for c in colours_text.split("|")], int(minimum)))
        except ValueError as error:
            print(f"check-report-png: bad check '{item}': {error}; use NAME=#rrggbb:MIN", file=sys.stderr)
            return 2
    try:
        width, height, rows = decode_png(path)
    except (OSError, ValueError, zlib.error) as error:
        print(f"check-report-png: {error}", file=sys.stderr)
        return 2
    failed = False
    counts = histogram(rows)
    for name, colours, minimum in checks:
        count = count_pixels(counts, colours)
        status = "ok" if count >= minimum else "MISSING"
        failed |= count < minimum
        print(f"{path}: {name}: {count} pixels (need {minimum}) {status}")
    if blank_from is not None and blank_from < width:
        stray = 0
        for row in rows:
            for x in range(blank_from * 3, len(row), 3):
                if row[x] < 235 or row[x + 1] < 235 or row[x + 2] < 235:
                    stray += 1
        status = "ok" if stray == 0 else "WIDER THAN THE PAGE"
        failed |= stray > 0
        print(f"{path}: {stray} non-white pixels at x >= {blank_from} ({width}x{height}) {status}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
