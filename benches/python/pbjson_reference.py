"""Times the Python reference of PBJSON (the package `pbjson`, with its C speedups) on JSON
documents: `pbjson.dumps` of the value that `json.load` gives, and `pbjson.loads` of those bytes.

Two modes:

* standalone, for a quick look:

      $PBJSON_PYTHON benches/python/pbjson_reference.py [--rounds N] [--no-gc] FILE.json...

  times each document `N` times (default 11, after one warm-up call of each) and prints a
  Markdown table of the median, minimum and maximum times and the encoded size;

* `--serve FILE.json...`, driven by the criterion bench `benches/benches/pbjson.rs`: loads
  the documents once, names them by their file stem, then answers one command a line on
  standard input with one line on standard output:
  - `encode NAME ITERS`: runs `pbjson.dumps` ITERS times, answers the elapsed nanoseconds;
  - `decode NAME ITERS`: runs `pbjson.loads` ITERS times on the document's encoding, likewise;
  - `decode-nogc NAME ITERS`: the same with the garbage collector off while it runs;
  - `dump NAME PATH`: writes the encoding to PATH, answers its length;
  - `check NAME PATH`: decodes the PBJSON file at PATH, answers `equal` if that is the
    document's value (as `json.load` gave it), `different` otherwise;
  - `quit` (or end of input): exits.
  Errors are answered as `error TEXT`.

Refuses to run (exit status 2) when `pbjson` would use its pure-Python encoder or decoder:
the numbers are meant to be those of the C speedups.

Each timed call's result is dropped inside the timed loop (as criterion's `iter` drops the
Rust result). The garbage collector stays on, as in a program that uses the package, except
in `decode-nogc` and with `--no-gc`: `loads` allocates a container per array and object, and
on large documents the collections it triggers cost more than the decoding itself.
"""

import argparse
import gc
import json
import os
import statistics
import sys
import time

import pbjson


def check_speedups():
    """Exits unless both directions of pbjson use the C speedups."""
    encoder = pbjson._has_encoder_speedups()
    decoder = pbjson._has_decoder_speedups()
    if not (encoder and decoder):
        print(
            "pbjson %s: C speedups missing (encoder: %s, decoder: %s); not timing the "
            "pure-Python code" % (pbjson.__version__, encoder, decoder),
            file=sys.stderr,
        )
        sys.exit(2)


def load_documents(paths):
    """Name (file stem) -> (value, its PBJSON encoding)."""
    documents = {}
    for path in paths:
        name = os.path.splitext(os.path.basename(path))[0]
        with open(path, "rb") as f:
            value = json.load(f)
        documents[name] = (value, pbjson.dumps(value))
    return documents


def time_encode(value, iters, no_gc=False):
    """Elapsed nanoseconds of `iters` calls of `pbjson.dumps(value)`."""
    dumps = pbjson.dumps
    if no_gc:
        gc.disable()
    try:
        start = time.perf_counter_ns()
        for _ in range(iters):
            dumps(value)
        return time.perf_counter_ns() - start
    finally:
        gc.enable()


def time_decode(encoded, iters, no_gc=False):
    """Elapsed nanoseconds of `iters` calls of `pbjson.loads(encoded)`."""
    loads = pbjson.loads
    if no_gc:
        gc.disable()
    try:
        start = time.perf_counter_ns()
        for _ in range(iters):
            loads(encoded)
        return time.perf_counter_ns() - start
    finally:
        gc.enable()


def serve(documents):
    """Answers the commands of the criterion bench (see the module docs)."""
    out = sys.stdout
    print("ready pbjson %s C speedups" % pbjson.__version__, file=out, flush=True)
    for line in sys.stdin:
        words = line.split()
        if not words:
            continue
        try:
            command = words[0]
            if command == "quit":
                break
            value, encoded = documents[words[1]]
            if command == "encode":
                answer = time_encode(value, int(words[2]))
            elif command == "decode":
                answer = time_decode(encoded, int(words[2]))
            elif command == "decode-nogc":
                answer = time_decode(encoded, int(words[2]), no_gc=True)
            elif command == "dump":
                with open(words[2], "wb") as f:
                    f.write(encoded)
                answer = len(encoded)
            elif command == "check":
                with open(words[2], "rb") as f:
                    answer = "equal" if pbjson.loads(f.read()) == value else "different"
            else:
                raise ValueError("unknown command %r" % command)
            print(answer, file=out, flush=True)
        except Exception as e:  # answered, so that the bench can report it
            print("error %s: %s" % (type(e).__name__, e), file=out, flush=True)


def standalone(documents, rounds, no_gc):
    """Times each document `rounds` times and prints a Markdown table."""
    print(
        "pbjson %s, C speedups, Python %s, %d rounds, gc %s"
        % (pbjson.__version__, sys.version.split()[0], rounds, "off" if no_gc else "on")
    )
    print()
    print("| document | PBJSON bytes | op | median | min | max |")
    print("|---|---:|---|---:|---:|---:|")
    for name, (value, encoded) in documents.items():
        for op, run in (
            ("dumps", lambda: time_encode(value, 1, no_gc)),
            ("loads", lambda: time_decode(encoded, 1, no_gc)),
        ):
            run()  # warm-up
            times = [run() / 1e6 for _ in range(rounds)]
            print(
                "| %s | %d | %s | %.2f ms | %.2f ms | %.2f ms |"
                % (name, len(encoded), op, statistics.median(times), min(times), max(times))
            )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="+", metavar="FILE.json")
    parser.add_argument("--serve", action="store_true", help="answer the bench's commands")
    parser.add_argument("--rounds", type=int, default=11)
    parser.add_argument("--no-gc", action="store_true", help="gc off around timed calls")
    args = parser.parse_args()
    check_speedups()
    documents = load_documents(args.files)
    if args.serve:
        serve(documents)
    else:
        standalone(documents, args.rounds, args.no_gc)


if __name__ == "__main__":
    main()
