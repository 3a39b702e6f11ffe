#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Turn conf/bngd.conf into a C string so bngd runs without any file."""
import sys

src, dst = sys.argv[1], sys.argv[2]
with open(src, "rb") as f:
    data = f.read()
with open(dst, "w") as f:
    f.write("/* Generated from conf/bngd.conf by scripts/embed_config.py. */\n")
    f.write("const char bngd_builtin_config[] =\n")
    for line in data.decode().splitlines(True):
        esc = line.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
        f.write('\t"%s"\n' % esc)
    f.write(";\n")
