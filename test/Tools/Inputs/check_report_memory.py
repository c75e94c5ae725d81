"""Cross-checks compress-compile's memory figures (report text and JSON, C header,
E_info JSON in the library) against the arena global of --emit=llvm and the file size.

usage: check_report_memory.py report.txt report.json lib.so lib-json.so lib.h lib.ll entry
"""
import ctypes, json, os, re, sys

txt, js, lib, libjson, header, ll, entry = sys.argv[1:8]
text = open(txt).read()
scratch = int(re.search(r"^scratch memory per call: (\d+) bytes$", text, re.M).group(1))
library = int(re.search(r"^library: (\d+) bytes$", text, re.M).group(1))
report = json.load(open(js))
arena = re.search(r"@__compress_arena_%s = [^\n]*\[(\d+) x i8\]" % entry, open(ll).read())
arena = int(arena.group(1))
macro = re.search(r"#define %s_SCRATCH_BYTES (\d+)" % entry.upper(), open(header).read())
macro = int(macro.group(1))
so = ctypes.CDLL(os.path.abspath(lib))
info_fn = getattr(so, entry + "_info")
info_fn.restype = ctypes.c_char_p
info = json.loads(info_fn().decode())["scratch_bytes"]
assert scratch == arena == macro == info == report["scratch_bytes_per_call"], \
    (scratch, arena, macro, info, report["scratch_bytes_per_call"])
assert library == os.path.getsize(lib), (library, os.path.getsize(lib))
assert report["library_bytes"] == os.path.getsize(libjson)
print("scratch %d == arena %d == header %d == info %d" % (scratch, arena, macro, info))
print("library text %d == file, json %d == file" % (library, report["library_bytes"]))
