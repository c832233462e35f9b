#!/usr/bin/env python3
"""Picks at most N files of a libFuzzer corpus that cover the most features, greedily.

    <target binary> -merge=1 -set_cover_merge=1 -merge_control_file=CTL OUT_DIR SESSION_CORPUS
    python3 fuzz/select_corpus.py CTL 40 fuzz/corpus/<target> [EXCLUDED]      # copy the picks

With -set_cover_merge=1 the control file lists every input file and, for each, all the
features (FT lines) that libFuzzer saw while running it. Files are picked by the number of features not yet covered, ties broken
by the smaller file; the picked files are copied into the destination folder under their
content hash (as libFuzzer names them). EXCLUDED, if given, is a file of content hashes, one a
line, of inputs not to pick (those that fail the strict replay because of a known fault: they
belong in fuzz/regressions/, minimized).
"""

import hashlib
import os
import shutil
import sys


def main():
    control, limit, dest = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    excluded = set(open(sys.argv[4]).read().split()) if len(sys.argv) > 4 else set()
    with open(control) as f:
        lines = f.read().splitlines()
    n = int(lines[0])
    paths = lines[2 : 2 + n]
    features = {}
    for line in lines[2 + n :]:
        parts = line.split()
        if parts and parts[0] == "FT":
            features[int(parts[1])] = set(map(int, parts[2:]))
    for i in list(features):
        if hashlib.sha1(open(paths[i], "rb").read()).hexdigest() in excluded:
            del features[i]
    covered, picked = set(), []
    while len(picked) < limit:
        best = max(
            (i for i in features if i not in picked),
            key=lambda i: (len(features[i] - covered), -os.path.getsize(paths[i])),
            default=None,
        )
        if best is None or not features[best] - covered:
            break
        picked.append(best)
        covered |= features[best]
    everything = set().union(*features.values()) if features else set()
    os.makedirs(dest, exist_ok=True)
    for i in picked:
        data = open(paths[i], "rb").read()
        shutil.copyfile(paths[i], os.path.join(dest, hashlib.sha1(data).hexdigest()))
    print(f"{len(picked)} of {len(features)} files, {len(covered)} of {len(everything)} features")


if __name__ == "__main__":
    main()
