"""Runs a command with its address space (RLIMIT_AS) limited to N MiB more
than this interpreter's current virtual size, so large allocations fail:
  limit_as.py N command args..."""
import os
import resource
import sys

extra = int(sys.argv[1]) << 20
with open("/proc/self/status") as f:
    vm = next(int(l.split()[1]) << 10 for l in f if l.startswith("VmSize:"))
limit = vm + extra
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
os.execvp(sys.argv[2], sys.argv[2:])
