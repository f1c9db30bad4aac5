#!/usr/bin/env python3
"""Writes the awkward-file corpus: case files that exercise every recovery and encoding
rule of DRGKit's CSV reading (see CSVRecordParser and the README's "Damaged and mixed
input" section). Tests/DRGKitTests/AwkwardCorpusTests.swift groups every file with several
thread counts and block sizes and checks that the outputs are identical bytes.

Usage: Scripts/make-awkward-corpus.py OUTDIR [--big-field-mb N]

The files are built from grouper-tables/samples/demo-cases.csv (demo scheme) with a
free-text `note` column, and are the same on every run (fixed random seed).
"""
import os
import random
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def sample_rows():
    with open(os.path.join(ROOT, "grouper-tables/samples/demo-cases.csv"), encoding="utf-8") as f:
        lines = f.read().split("\n")
    return lines[0], [line for line in lines[1:] if line]


def rows_with_notes(count, note_of, rng):
    header, rows = sample_rows()
    out = [header + ",note\n"]
    for index in range(count):
        row = rows[index % len(rows)]
        row = row.replace(row.split(",", 1)[0], "R%04d" % index, 1)
        out.append(row + "," + note_of(index, rng) + ("\r\n" if index % 9 == 4 else "\n"))
    return out


def plain_note(index, rng):
    return rng.choice(["", "plain", "左侧 5cm 切口", '"a, b"', '"she said ""ok"""',
                       '"two\nlines"', '"\r\n"', "x\"y"])


def write(outdir, name, data):
    with open(os.path.join(outdir, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))


def main():
    args = sys.argv[1:]
    if not args:
        sys.exit(__doc__)
    outdir = args[0]
    big_mb = 5.0
    if "--big-field-mb" in args:
        big_mb = float(args[args.index("--big-field-mb") + 1])
    os.makedirs(outdir, exist_ok=True)
    rng = random.Random(20261206)

    # 1. One stray opening quote in a free-text field, legitimate quoted fields after it:
    #    only row 50's line is invalid.
    lines = rows_with_notes(100, lambda i, r: '"note %d, quoted"' % i if i % 10 == 3 else "ok", rng)
    lines[50] = lines[50].rstrip("\r\n").rsplit(",", 1)[0] + ',"左侧 5cm\n'
    write(outdir, "stray-quote.csv", "".join(lines))

    # 2. A stray quote near the end with no closing quote anywhere after it.
    lines = rows_with_notes(60, lambda i, r: "ok", rng)
    lines[57] = lines[57].rstrip("\r\n").rsplit(",", 1)[0] + ',"never closed\n'
    write(outdir, "unterminated-near-end.csv", "".join(lines))

    # 3. Legitimate multi-line notes, CRLF and LF mixed, blank lines, a BOM, no final line
    #    feed.
    lines = rows_with_notes(120, plain_note, rng)
    for index in range(7, len(lines), 13):
        lines[index] += "\n" if index % 2 else "\r\n"
    write(outdir, "multiline-notes.csv", "\ufeff" + "".join(lines).rstrip("\n"))

    # 4. A quoted field larger than the 4 MB block, with rows before and after it.
    lines = rows_with_notes(40, lambda i, r: "ok", rng)
    size = int(big_mb * 1048576)
    chunk = "long note, with commas and \"\"quotes\"\"\nand line breaks; "
    big = (chunk * (size // len(chunk) + 1))[:size]
    lines[20] = lines[20].rstrip("\r\n").rsplit(",", 1)[0] + ',"' + big + '"\n'
    write(outdir, "big-quoted-field.csv", "".join(lines))

    # 5. Rows longer and shorter than the header.
    lines = rows_with_notes(50, lambda i, r: "ok", rng)
    lines[10] = lines[10].rstrip("\r\n") + ",extra,\"more, quoted\"\n"
    lines[11] = ",".join(lines[11].split(",")[:5]) + "\n"
    lines[30] = lines[30].rstrip("\r\n") + ",x\n"
    write(outdir, "long-and-short-rows.csv", "".join(lines))

    # 6. Text after a closing quote, on the record's first line and on a later line of a
    #    record that spans lines; a closing quote followed by a lone CR.
    lines = rows_with_notes(40, lambda i, r: "ok", rng)
    lines[5] = lines[5].rstrip("\r\n").rsplit(",", 1)[0] + ',"abc"x\n'
    lines[15] = lines[15].rstrip("\r\n").rsplit(",", 1)[0] + ',"first\n'
    lines[16] = 'second"tail\n' + lines[16]
    lines[25] = lines[25].rstrip("\r\n").rsplit(",", 1)[0] + ',"a"\rb\n'
    write(outdir, "text-after-quote.csv", "".join(lines))

    # 7. A record spanning lines with the wrong number of fields: each line on its own.
    lines = rows_with_notes(30, lambda i, r: "ok", rng)
    lines[12] = lines[12].rstrip("\r\n") + ',"spans\nlines",extra\n'
    write(outdir, "multiline-wrong-width.csv", "".join(lines))

    # 8. UTF-8 for more than 64 KB, then GBK rows, then a row in neither encoding.
    lines = rows_with_notes(900, lambda i, r: "早期 UTF-8 说明" if i < 800 else "ok", rng)
    data = "".join(lines[:801]).encode("utf-8")
    for index in range(801, len(lines)):
        line = lines[index].rstrip("\r\n").rsplit(",", 1)[0] + ",左侧 5cm 切口\n"
        data += line.encode("gb18030")
    data += lines[1].rstrip("\r\n").rsplit(",", 1)[0].encode() + b",\xff\xfe\x80 bad\n"
    write(outdir, "utf8-then-gbk.csv", data)

    # 9. GBK from the first byte, with one row of bytes in neither encoding.
    lines = rows_with_notes(80, lambda i, r: "科室备注" if i % 3 else "ok", rng)
    data = b"".join(line.encode("gb18030") for line in lines[:40])
    data += lines[40].rsplit(",", 1)[0].encode() + b",\x80\x80\n"
    data += b"".join(line.encode("gb18030") for line in lines[41:])
    write(outdir, "gbk-with-bad-row.csv", data)

    # 10. UTF-16 with a byte order mark, little- and big-endian.
    lines = rows_with_notes(70, plain_note, rng)
    text = "".join(lines)
    write(outdir, "utf16le.csv", b"\xff\xfe" + text.encode("utf-16-le"))
    write(outdir, "utf16be.csv", b"\xfe\xff" + text.encode("utf-16-be"))

    # 11. Random damage: quotes, commas, CRs and line feeds dropped into random places.
    lines = rows_with_notes(300, plain_note, rng)
    text = list("".join(lines[1:]))
    for _ in range(150):
        text.insert(rng.randrange(len(text)), rng.choice(['"', '"', ",", "\r", "\n", '""']))
    write(outdir, "random-damage.csv", lines[0] + "".join(text))


if __name__ == "__main__":
    main()
