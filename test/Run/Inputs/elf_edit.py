"""Corrupts a copy of an ELF64 shared library for the model-loading tests.

  elf_edit.py truncate IN OUT N     first N bytes of IN
  elf_edit.py noshdr IN OUT N       drop the section header table (e_shoff,
                                    e_shnum, e_shstrndx = 0), then keep N bytes,
                                    so only the PT_LOAD check can catch it
  elf_edit.py machine IN OUT M      set e_machine to M
"""
import struct
import sys

mode, src, dst, arg = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
data = bytearray(open(src, "rb").read())
if mode == "truncate":
    data = data[:arg]
elif mode == "noshdr":
    struct.pack_into("<Q", data, 0x28, 0)  # e_shoff
    struct.pack_into("<HH", data, 0x3C, 0, 0)  # e_shnum, e_shstrndx
    data = data[:arg]
elif mode == "machine":
    struct.pack_into("<H", data, 0x12, arg)
else:
    sys.exit("unknown mode " + mode)
open(dst, "wb").write(data)
