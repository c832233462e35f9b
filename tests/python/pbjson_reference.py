"""The PBJSON reference (Python package pbjson 1.19.0) as a JSON Lines filter for the interop tests.

Run with a Python that has pbjson==1.19.0 installed (the tests take it from $PBJSON_PYTHON):

    $PBJSON_PYTHON tests/python/pbjson_reference.py < requests.jsonl > responses.jsonl

One request per input line, one response per output line, in the same order; the process ends at
the end of its input (so one launch serves a whole batch). Requests:

    {"op": "encode", "doc": TAGGED}     -> {"hex": H} or {"error": E}
        Encodes the value with the reference's pure-Python encoder (what pbjson.dumps does without
        the C speedups, with dumps' default arguments).
    {"op": "encode_json", "json": TEXT} -> {"hex": H} or {"error": E}
        Reads TEXT with Python's json module (no tags), then encodes it as "encode" does.
        Both encode ops take "fix_negative_zero": true to write -0.0 as 61b0 ("-0") instead of
        the reference's 61bd, which no decoder reads (FORMAT.md); nothing else changes. With
        "terminated_arrays": true, every list is handed to the encoder as an iterator (no
        len()), which it writes in the terminated form 0C ... 0F, as a streaming converter
        from JSON must (the length of an array is not known until it ends).
    {"op": "decode", "hex": H}          -> {"py": TAGGED or "py_error": E,
                                            "c": TAGGED or "c_error": E}
        Decodes H with the pure-Python decoder and with the C speedups decoder; with
        "decoders": ["c"] (or ["py"]) only with those. (The pure-Python decoder copies the rest
        of the input at every token: quadratic, too slow for documents of many thousand tokens.)
    {"op": "json", "json": TEXT}        -> {"value": TAGGED} or {"error": E}
        Reads TEXT with Python's json module: an exact reader of JSON numbers (floats correctly
        rounded, integers of any size), to compare JSON texts by value.

TAGGED is JSON in which the values JSON cannot hold exactly are objects of one "$" key:

    {"$binary": BASE64}   bytes (the PBJSON "AL" type), standard base64 with padding
    {"$float": REPR}      a float, as Python's repr: "0.1", "1e+16", "-0.0", "inf", "-inf", "nan"
    {"$int": DIGITS}      an integer outside [-2**63, 2**64 - 1], exact decimal text
    {"$object": {...}}    an object that has exactly one key and that key starts with "$"

Responses tag every float ("$float") and every integer beyond 64 bits ("$int"), so that a reader
with a lossy float parser still compares exact values; requests may use the tags or plain JSON
numbers (a JSON number with a fraction or an exponent is a float, as Python's json reads it).

A request the reference cannot encode or decode gets an error response. A line that is not a
request (bad JSON, unknown op) ends the process with a traceback on stderr and exit status 2:
that is a bug in the harness, not an answer of the reference.
"""

import base64
import json
import math
import sys
from decimal import Decimal

import pbjson
from pbjson import decoder, encoder

INT_MIN, INT_MAX = -(2**63), 2**64 - 1


def untag(value):
    """TAGGED JSON (as read by json.loads) -> the Python value it stands for."""
    if isinstance(value, list):
        return [untag(v) for v in value]
    if isinstance(value, dict):
        if len(value) == 1:
            ((key, inner),) = value.items()
            if key == "$binary":
                return base64.b64decode(inner, validate=True)
            if key == "$float":
                return float(inner)
            if key == "$int":
                return int(inner)
            if key == "$object":
                return {k: untag(v) for k, v in inner.items()}
            if key.startswith("$"):
                raise ValueError("unknown tag %r" % key)
        return {k: untag(v) for k, v in value.items()}
    return value


def tag(value):
    """A decoded Python value -> TAGGED JSON (to be written with json.dumps)."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int):
        return value if INT_MIN <= value <= INT_MAX else {"$int": str(value)}
    if isinstance(value, float):
        return {"$float": repr(value)}
    if isinstance(value, bytes):
        return {"$binary": base64.b64encode(value).decode("ascii")}
    if isinstance(value, list):
        return [tag(v) for v in value]
    if isinstance(value, dict):
        members = {k: tag(v) for k, v in value.items()}
        if len(members) == 1 and next(iter(members)).startswith("$"):
            return {"$object": members}
        return members
    raise TypeError("unexpected decoded type %s" % type(value).__name__)


class _NegativeZero(float):
    """-0.0 that the reference's float packing turns into 61b0: it writes str(value) after
    taking off a leading "-" and then one leading "0", so "-00" leaves the code for "0"."""

    def __str__(self):
        return "-00"


def prepare(value, fix_negative_zero, terminated_arrays=False):
    """The value to encode: every -0.0 replaced by a _NegativeZero if fix_negative_zero
    (FORMAT.md's one correction), every list by an iterator over it if terminated_arrays.
    Keys over 127 bytes of UTF-8 are refused: the reference silently drops such a member but
    still counts it in the object's length, writing a corrupt document."""
    if isinstance(value, list):
        items = [prepare(v, fix_negative_zero, terminated_arrays) for v in value]
        return iter(items) if terminated_arrays else items
    if isinstance(value, dict):
        for k in value:
            if len(k.encode()) > 127:
                raise ValueError("key of %d bytes (over 127): the reference would write a "
                                 "corrupt document" % len(k.encode()))
        return {k: prepare(v, fix_negative_zero, terminated_arrays) for k, v in value.items()}
    if (fix_negative_zero and isinstance(value, float) and value == 0.0
            and math.copysign(1.0, value) < 0):
        return _NegativeZero(value)
    return value


def encode_pure(value, fix_negative_zero=False, terminated_arrays=False):
    """pbjson.dumps(value) with the pure-Python encoder (dumps' default arguments)."""
    value = prepare(value, fix_negative_zero, terminated_arrays)
    chunks = encoder.py_iterencoder(value, Decimal, encoder.Mapping,
                                    False, True, None, None, encoder.default_converter, False)
    return b"".join(chunks)


def answer(request):
    op = request["op"]
    if op in ("encode", "encode_json"):
        source = request["doc"] if op == "encode" else request["json"]
        try:
            value = untag(source) if op == "encode" else json.loads(source)
            encoded = encode_pure(value, request.get("fix_negative_zero", False),
                                  request.get("terminated_arrays", False))
            return {"hex": encoded.hex()}
        except Exception as e:  # the reference's (or the tags') refusal is an answer
            return {"error": "%s: %s" % (type(e).__name__, e)}
    if op == "decode":
        data = bytes.fromhex(request["hex"])
        response = {}
        for name, decode in (("py", decoder.py_decoder), ("c", decoder.c_decoder)):
            if name not in request.get("decoders", ("py", "c")):
                continue
            try:
                response[name] = tag(decode(data, None, None, None, "strict"))
            except Exception as e:
                response[name + "_error"] = "%s: %s" % (type(e).__name__, e)
        return response
    if op == "json":
        text = request["json"]
        try:
            return {"value": tag(json.loads(text))}
        except Exception as e:
            return {"error": "%s: %s" % (type(e).__name__, e)}
    raise ValueError("unknown op %r" % op)


def main():
    if pbjson.__version__ != "1.19.0" or decoder.c_decoder is None:
        sys.exit("need pbjson 1.19.0 with its C speedups; found %s (speedups: %s) at %s"
                 % (pbjson.__version__, decoder.c_decoder is not None, pbjson.__file__))
    sys.setrecursionlimit(10000)
    sys.stdin.reconfigure(encoding="utf-8", errors="strict")
    out = sys.stdout
    out.reconfigure(encoding="utf-8", newline="\n")
    for line in sys.stdin:
        if line.strip():
            out.write(json.dumps(answer(json.loads(line)), allow_nan=False))
            out.write("\n")
    out.flush()


if __name__ == "__main__":
    try:
        main()
    except Exception:
        import traceback
        traceback.print_exc()
        sys.exit(2)
