#!/usr/bin/env python3
"""Writes the seeds of the PBJSON fuzz targets into a session's corpus folder.

    python3 fuzz/pbjson_seeds.py reading tests/data/pbjson/vectors.jsonl /tmp/fz/pbjson_reading
    python3 fuzz/pbjson_seeds.py writers tests/data/pbjson/vectors.jsonl /tmp/fz/pbjson_writers

`reading`: every reference vector (the long strings cut to 3000 bytes: truncated input) behind
three headers (see `jsonstream_tests::checks::Header`: schedule, window, read sizes, pointer,
walk choices), then hand-made documents, each behind the same three headers: forged lengths,
terminated arrays, custom bytes `0E`, memo indices (a full memo, unknown indices), over-long
length and integer forms, truncations, invalid floats, UTF-8 and bytes that start no value,
nesting at the depth limit. `writers`: 40 random byte strings (seeded) of 8 to 200 bytes.
Files are named by content hash, as libFuzzer names them.
"""

import hashlib
import json
import os
import random
import sys

HEADERS = [
    bytes([0, 0, 0, 0, 0, 0, 0, 2, 3, 4, 5, 6]),  # whole reads, default window
    bytes([3, 4, 0, 0, 0, 0, 0, 0xC1, 0x42, 0xFE, 9, 0x80]),  # interrupted 1-byte, window 4
    bytes([5, 7, 3, 1, 2, 5, 0, 1, 0x13, 0xC4, 0x0B, 0x1A]),  # interrupted sizes, window 7
]


def hand_made():
    docs = []
    # Forged lengths: strings, binary, arrays, objects, integers and floats longer than the
    # input, in every length form.
    for t in (0x80, 0xA0, 0xC0, 0xE0, 0x20, 0x40, 0x60):
        docs += [
            bytes([t | 0x1F, 0xFF, 0xFF, 0xFF, 0xFF]) + b"ab",
            bytes([t | 0x1E, 0xFF, 0xFF]) + b"abc",
            bytes([t | 0x17, 0xFF]) + b"abcd",
            bytes([t | 0x0F]) + b"ab",
        ]
    docs += [
        # Terminated arrays: empty, nested, unterminated, a terminator where none is due.
        b"\x0c\x0f",
        b"\x0c\x0c\x0f\x21\x01\x0f",
        b"\x0c\x21\x01",
        b"\x0f",
        b"\xc2\x01\x0f",
        b"\xe1\x01a\x0f",
        b"\x0c\xe1\x01a\x0c\x0f\x0f",
        # Custom bytes: before a value, twice, in arrays and objects, alone, before the end.
        b"\x0e\x01",
        b"\x0e\x0e\x83abc",
        b"\xc1\x0e\x21\x01",
        b"\xe1\x01a\x0e\x21\x01",
        b"\x0e",
        b"\x0c\x0e\x0f",
        b"\xc1\x0e",
        b"\x0e\xc0",
        # Memo indices: a known one, an unknown one, a full memo then an index and a new key.
        b"\xc2\xe1\x01a\x01\xe1\x80\x02",
        b"\xe1\x80\x01",
        b"\xe2\x01a\x01\x81\x02",
        b"\xc2\xf0\x81"
        + b"".join(b"\x02" + b"%02x" % i + b"\x20" for i in range(129))
        + b"\xe2\xff\x01\x01z\x02",
        # Over-long forms: lengths and integers written with more bytes than they need.
        b"\x90\x03abc",
        b"\x98\x00\x03abc",
        b"\x9f\x00\x00\x00\x03abc",
        b"\x22\x00\x01",
        b"\x28\x00\x00\x00\x00\x00\x00\x00\x01",
        b"\x41\x00",
        b"\x40",
        b"\xd0\x02\x01\x01",
        b"\xf0\x01\x01a\x02",
        # Integers: 64-bit edges, beyond 64 and 128 bits, beyond the f64 range.
        b"\x28\xff\xff\xff\xff\xff\xff\xff\xff",
        b"\x48\x80\x00\x00\x00\x00\x00\x00\x01",
        b"\x29\x01" + b"\x00" * 8,
        b"\x31\x01" + b"\x00" * 16,
        b"\x30\x81" + b"\xff" * 129,
        b"\x50\x81" + b"\xff" * 129,
        # Floats: zero, minus zero (ours and the reference's), non-finite, invalid codes and
        # texts, exponents out of range.
        b"\xc6\x60\x61\xb0\x61\xbd\x03\x04\x05",
        b"\x61\xcc",
        b"\x61\xfd",
        b"\x61\xed",
        b"\x62\x1e\xbd",
        b"\x63\x1e\xa3\x09",
        b"\x64\x1e\xb3\x24\xdd",
        b"\x62\xdd\x1d",
        b"\x6f" + b"\x11" * 15,
        # Strings: invalid UTF-8 early and late, a sequence cut by the value's end, keys.
        b"\x85\xffabcd",
        b"\x85abcd\xff",
        b"\x83ab\xe2",
        b"\x84\xe2\x82\xacz",
        b"\xe1\x02\xc3\x28\x01",
        b"\xc2\x84\xf0\x9f\x98\x80\xa3\x00\xff\x01",
        # Bytes that start no value.
        b"\x06",
        b"\x0d",
        b"\x10",
        b"\x1f",
        b"\xc1\x0b",
        # Nesting at the depth limit and one beyond it; trailing bytes; nothing.
        b"\xc1" * 127 + b"\x02",
        b"\xc1" * 128 + b"\x02",
        b"\x0c" * 127 + b"\x0f" * 127,
        b"\xe1\x01a" * 128 + b"\x02",
        b"\x01\x01",
        b"\x02\x00",
        b"",
    ]
    return docs


def vectors(path):
    out = []
    for line in open(path):
        v = json.loads(line)
        if "hex" in v:
            out.append(bytes.fromhex(v["hex"]))
        else:
            count = min(v["string_of"]["count"], 3000)
            head = bytes.fromhex(v["hex_head"])
            out.append(head + v["string_of"]["char"].encode() * count)
    return out


def truncations(docs):
    """Every vector of 2 to 64 bytes cut at a few places."""
    out = []
    for d in docs:
        if 2 <= len(d) <= 64:
            for cut in sorted({1, len(d) // 2, len(d) - 1}):
                out.append(d[:cut])
    return out


def write(folder, data):
    name = hashlib.sha1(data).hexdigest()
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data)


def main():
    kind, vectors_path, folder = sys.argv[1], sys.argv[2], sys.argv[3]
    os.makedirs(folder, exist_ok=True)
    if kind == "reading":
        vs = vectors(vectors_path)
        docs = vs + hand_made() + truncations(vs)
        for d in docs:
            for h in HEADERS:
                write(folder, h + d)
        print(f"{len(docs)} documents behind {len(HEADERS)} headers")
    elif kind == "writers":
        rng = random.Random(2026)
        for _ in range(40):
            write(folder, bytes(rng.randrange(256) for _ in range(rng.randrange(8, 200))))
        print("40 random byte strings")
    else:
        sys.exit(f"unknown kind {kind}")


if __name__ == "__main__":
    main()
