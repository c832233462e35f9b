#!/usr/bin/env bash
# Packs and unpacks a tree of large texts with the `jsonstream` command, measuring its wall
# time and peak resident set, and times `tar -c | zstd -1` and `zstd -d | tar -x` on the same
# tree for comparison. BENCHMARKS.md records a run.
#
#   bash benches/scripts/cli_pack.sh [BIG_MB] [RUNS]
#
# The tree: 5 texts of BIG_MB MiB (default 200: with the small ones, about 1 GB) and 20 of
# 1 MiB, each line 20 random base64 characters then a random 4-character group repeated 251
# times (the data of the seed job: large, compressible texts). Every run is checked: the
# unpacked trees equal the original. The figures of each tool are the median of RUNS runs
# (default 3), alternated, after a first untimed run of each that warms the page cache.
# Needs: a Rust toolchain, python3, GNU time (/usr/bin/time), tar and zstd.
set -euo pipefail

BIG_MB=${1:-200}
RUNS=${2:-3}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/jsonstream-cli-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

cargo build --release -q -p jsonstream-cli --manifest-path "$ROOT/Cargo.toml"
TARGET_DIR=$(cargo metadata --format-version 1 --no-deps --manifest-path "$ROOT/Cargo.toml" |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')
JSONSTREAM="$TARGET_DIR/release/jsonstream"

python3 - "$WORK/tree" "$BIG_MB" <<'PY'
import base64, os, random, sys
root, big_mb = sys.argv[1], int(sys.argv[2])
os.makedirs(root)
rng = random.Random(42)
def line():
    head = base64.b64encode(rng.randbytes(15))
    return head + base64.b64encode(rng.randbytes(3)) * 251 + b"\n"
def write(name, mib):
    with open(os.path.join(root, name), "wb") as f:
        written = 0
        while written < mib << 20:
            chunk = b"".join(line() for _ in range(1024))
            f.write(chunk)
            written += len(chunk)
for i in range(1, 6):
    write(f"big{i}.txt", big_mb)
for i in range(1, 21):
    write(f"small{i}.txt", 1)
PY
TREE_BYTES=$(du -sb "$WORK/tree" | cut -f1)
echo "tree: $TREE_BYTES bytes in $(ls "$WORK/tree" | wc -l) files; $("$JSONSTREAM" --version); $(zstd --version | head -1)"

# Runs one job under GNU time (the command itself for jsonstream, a shell for the pipelines);
# prints "seconds max-rss-KiB".
measure() {
    case $1 in
        jsonstream_pack) set -- "$JSONSTREAM" --quiet pack "$WORK/tree" -o "$WORK/tree.json.zst" --level 1 --force ;;
        jsonstream_unpack) rm -rf "$WORK/out"; set -- "$JSONSTREAM" --quiet unpack "$WORK/tree.json.zst" -o "$WORK/out" ;;
        tar_pack) set -- bash -c "tar -c -C '$WORK/tree' . | zstd -1 -q -f -o '$WORK/tree.tar.zst'" ;;
        tar_unpack) rm -rf "$WORK/tar-out"; mkdir "$WORK/tar-out"
            set -- bash -c "zstd -d -q -c '$WORK/tree.tar.zst' | tar -x -C '$WORK/tar-out'" ;;
    esac
    /usr/bin/time -f "%e %M" -o "$WORK/time" "$@" >/dev/null
    cat "$WORK/time"
}

# Warm-up, and the check that both round trips restore the tree.
for job in jsonstream_pack jsonstream_unpack tar_pack tar_unpack; do measure $job >/dev/null; done
diff -r "$WORK/tree" "$WORK/out"
diff -r "$WORK/tree" "$WORK/tar-out"
echo "sizes: tree.json.zst $(stat -c %s "$WORK/tree.json.zst") bytes, tree.tar.zst $(stat -c %s "$WORK/tree.tar.zst") bytes"

declare -A RESULTS
for _ in $(seq "$RUNS"); do
    for job in jsonstream_pack tar_pack jsonstream_unpack tar_unpack; do
        RESULTS[$job]+="$(measure "$job")"$'\n'
    done
    diff -r "$WORK/tree" "$WORK/out"
    diff -r "$WORK/tree" "$WORK/tar-out"
done

median() { printf '%s' "$1" | sort -n -k1 | awk '{ a[NR] = $0 } END { print a[int((NR + 1) / 2)] }'; }
peak() { printf '%s' "$1" | sort -n -k2 | tail -1 | cut -d' ' -f2; }
printf '%-18s %10s %14s   %s\n' job "median s" "max RSS MiB" "all runs (s KiB)"
for job in jsonstream_pack tar_pack jsonstream_unpack tar_unpack; do
    runs=${RESULTS[$job]}
    printf '%-18s %10s %14.1f   %s\n' "$job" "$(median "$runs" | cut -d' ' -f1)" \
        "$(echo "$(peak "$runs") / 1024" | bc -l)" "$(printf '%s' "$runs" | tr '\n' ';')"
done
