"""Writes big.mlir (a chain of 20000 ops that canonicalization keeps, so that
--mlir-print-ir-after-all writes about a megabyte after the first pass)
into DIR, then runs a tool whose stderr is a pipe closed after its first byte, so that it dies
of SIGPIPE while its output is still a temporary file, and checks that the
temporary file was removed (and the output not created).

Usage: sigpipe.py DIR OUTPUT TOOL ARGS...   (run in DIR; OUTPUT relative to it)
"""
import os
import signal
import subprocess
import sys

workdir, output, command = sys.argv[1], sys.argv[2], sys.argv[3:]
os.chdir(workdir)
with open("big.mlir", "w") as f:
    f.write("func.func @f(%a: i32) -> i32 {\n")
    f.write("  %v0 = arith.addi %a, %a : i32\n")
    for i in range(1, 20000):
        f.write("  %%v%d = arith.addi %%v%d, %%a : i32\n" % (i, i - 1))
    f.write("  return %v19999 : i32\n}\n")
# restore_signals (the default) gives the tool SIGPIPE's default disposition.
proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
first = proc.stderr.read(1)
proc.stderr.close()  # every later write to stderr raises SIGPIPE
status = proc.wait()
print("first byte:", "yes" if first else "no")
print("killed by SIGPIPE:", "yes" if status == -signal.SIGPIPE else "no (status %d)" % status)
left = sorted(name for name in os.listdir(".") if name.startswith(os.path.basename(output)))
print("left:", " ".join(left) if left else "nothing")
