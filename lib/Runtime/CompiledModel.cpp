//===- CompiledModel.cpp - loads a compiled model's shared library --------===//
//
// Uses dlopen directly rather than llvm::sys::DynamicLibrary: that one opens
// with RTLD_LAZY | RTLD_GLOBAL, which turns an unresolved symbol into a crash
// at the first call and exports the model's symbols to everything loaded
// later. RTLD_NOW | RTLD_LOCAL reports unresolved symbols at load time.
//
//===----------------------------------------------------------------------===//

#include "compress/Runtime/CompiledModel.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Object/ELFObjectFile.h"
#include "llvm/Object/ObjectFile.h"
#include "llvm/BinaryFormat/Magic.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/Triple.h"

#include <dlfcn.h>

using namespace llvm;

namespace compress::runtime {

bool isValidEntryName(StringRef name) {
  return !name.empty() && (isAlpha(name[0]) || name[0] == '_') &&
         all_of(name, [](char c) { return isAlnum(c) || c == '_'; });
}

/// Entry names E for which `path` exports both E_packed and E_info; used only
/// to make the missing-symbol error helpful.
static std::vector<std::string> findExportedEntries(StringRef path) {
  std::vector<std::string> entries;
  auto object = object::ObjectFile::createObjectFile(path);
  if (!object) {
    consumeError(object.takeError());
    return entries;
  }
  auto *elf = dyn_cast<object::ELFObjectFileBase>(object->getBinary());
  if (!elf)
    return entries;
  StringSet<> names;
  for (const object::SymbolRef &symbol : elf->getDynamicSymbolIterators()) {
    Expected<StringRef> name = symbol.getName();
    if (!name) {
      consumeError(name.takeError());
      continue;
    }
    names.insert(*name);
  }
  for (const auto &name : names) {
    StringRef key = name.getKey();
    if (key.consume_back(COMPRESS_INFO_SUFFIX) &&
        names.contains((key + COMPRESS_PACKED_SUFFIX).str()))
      entries.push_back(key.str());
  }
  llvm::sort(entries);
  return entries;
}

/// Whether [offset, offset + length) lies in a file of `size` bytes (no
/// overflow).
static bool fitsIn(uint64_t offset, uint64_t length, uint64_t size) {
  return offset <= size && length <= size - offset;
}

template <class ELFT>
static Error checkELFLayout(const object::ELFFile<ELFT> &file, uint64_t size) {
  // program_headers() and sections() check that their tables lie in the file.
  auto phdrs = file.program_headers();
  if (!phdrs)
    return phdrs.takeError();
  for (const auto &phdr : *phdrs) {
    if (phdr.p_type != ELF::PT_LOAD)
      continue;
    if (!fitsIn(phdr.p_offset, phdr.p_filesz, size))
      return createStringError(
          "a PT_LOAD segment (file offset %llu, %llu bytes) ends past the end "
          "of the file (%llu bytes)",
          static_cast<unsigned long long>(phdr.p_offset),
          static_cast<unsigned long long>(phdr.p_filesz),
          static_cast<unsigned long long>(size));
  }
  auto sections = file.sections();
  if (!sections)
    return sections.takeError();
  for (const auto &section : *sections) {
    if (section.sh_type == ELF::SHT_NOBITS)
      continue;
    if (!fitsIn(section.sh_offset, section.sh_size, size))
      return createStringError("a section ends past the end of the file");
  }
  return Error::success();
}

Error validateModelLibrary(StringRef path) {
  auto buffer = MemoryBuffer::getFile(path, /*IsText=*/false,
                                      /*RequiresNullTerminator=*/false);
  if (!buffer)
    return createFileError(path, errorCodeToError(buffer.getError()));
  auto fail = [&](const Twine &why) {
    return createFileError(path, createStringError("not a loadable model "
                                                   "library: " +
                                                   why));
  };
  MemoryBufferRef ref = (*buffer)->getMemBufferRef();
  if (identify_magic(ref.getBuffer()) != file_magic::elf_shared_object)
    return fail(identify_magic(ref.getBuffer()) == file_magic::unknown
                    ? "not an ELF file"
                    : "not an ELF shared library");
  auto object = object::ObjectFile::createELFObjectFile(ref);
  if (!object)
    return fail(toString(object.takeError()));
  auto *elf = cast<object::ELFObjectFileBase>(object->get());
  Triple host(sys::getProcessTriple());
  if (elf->getArch() != host.getArch() ||
      elf->isLittleEndian() != host.isLittleEndian() ||
      (elf->getBytesInAddress() == 8) != host.isArch64Bit())
    return fail("built for " +
                Triple::getArchTypeName(elf->getArch()) + " (" +
                Twine(elf->getBytesInAddress() * 8) + "-bit), this host is " +
                host.getArchName());
  uint64_t size = ref.getBufferSize();
  Error layout = Error::success();
  if (auto *o = dyn_cast<object::ELF64LEObjectFile>(elf))
    layout = checkELFLayout(o->getELFFile(), size);
  else if (auto *o = dyn_cast<object::ELF64BEObjectFile>(elf))
    layout = checkELFLayout(o->getELFFile(), size);
  else if (auto *o = dyn_cast<object::ELF32LEObjectFile>(elf))
    layout = checkELFLayout(o->getELFFile(), size);
  else if (auto *o = dyn_cast<object::ELF32BEObjectFile>(elf))
    layout = checkELFLayout(o->getELFFile(), size);
  if (layout)
    return fail("truncated or corrupted (" + toString(std::move(layout)) +
                ")");
  return Error::success();
}

Expected<std::unique_ptr<CompiledModel>> CompiledModel::load(StringRef path,
                                                             StringRef entry) {
  if (!isValidEntryName(entry))
    return createStringError("invalid entry name '%s': expected a C "
                             "identifier",
                             entry.str().c_str());
  if (!sys::fs::exists(path))
    return createFileError(
        path, createStringError(std::errc::no_such_file_or_directory,
                                "no such file"));
  // dlopen searches the library path for names without a '/'.
  SmallString<256> absolute(path);
  if (std::error_code ec = sys::fs::make_absolute(absolute))
    return createFileError(path, errorCodeToError(ec));

  // dlopen maps the file as it is: a truncated library faults (SIGBUS) while
  // it relocates, so the file is checked first.
  if (Error error = validateModelLibrary(path))
    return std::move(error);
  std::unique_ptr<CompiledModel> model(new CompiledModel());
  model->handle = dlopen(absolute.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!model->handle) {
    const char *message = dlerror();
    return createFileError(
        path, createStringError("cannot load the model library: %s",
                                message ? message : "unknown error"));
  }

  std::string packedName = (entry + COMPRESS_PACKED_SUFFIX).str();
  std::string infoName = (entry + COMPRESS_INFO_SUFFIX).str();
  void *packed = dlsym(model->handle, packedName.c_str());
  void *infoFn = dlsym(model->handle, infoName.c_str());
  if (!packed || !infoFn) {
    std::string message =
        "does not export '" + (packed ? infoName : packedName) +
        "' (the compress model ABI for entry '" + entry.str() + "')";
    std::vector<std::string> entries = findExportedEntries(absolute);
    if (entries.empty())
      message += "; it exports no compress entry point";
    else
      message += "; entries it exports: " + join(entries, ", ") +
                 " (select one with --entry)";
    return createFileError(path, createStringError(message));
  }
  model->packedEntry = reinterpret_cast<compress_packed_entry_t>(packed);
  // Intra-op threads (absent from libraries compiled before)
  model->setThreadsFn = reinterpret_cast<int32_t (*)(int32_t)>(
      dlsym(model->handle, (entry + "_set_num_threads").str().c_str()));
  model->getThreadsFn = reinterpret_cast<int32_t (*)()>(
      dlsym(model->handle, (entry + "_get_num_threads").str().c_str()));

  const char *infoText = reinterpret_cast<compress_info_entry_t>(infoFn)();
  if (!infoText)
    return createFileError(
        path, createStringError("%s() returned NULL", infoName.c_str()));
  Expected<ModelInfo> info = parseModelInfo(infoText);
  if (!info)
    return createFileError(
        path, createStringError("in %s(): %s", infoName.c_str(),
                                toString(info.takeError()).c_str()));
  if (info->entry != entry)
    return createFileError(
        path, createStringError("%s() describes entry '%s', expected "
                                "'%s'",
                                infoName.c_str(), info->entry.c_str(),
                                entry.str().c_str()));
  model->info = std::move(*info);
  return std::move(model);
}

CompiledModel::~CompiledModel() {
  if (handle)
    dlclose(handle);
}

int32_t CompiledModel::run(ArrayRef<void *> buffers) const {
  assert(buffers.size() == info.inputs.size() + info.outputs.size() &&
         "one buffer per input and output");
  return packedEntry(const_cast<void **>(buffers.data()));
}

} // namespace compress::runtime

// Intra-op threads.
Error compress::runtime::CompiledModel::setNumThreads(unsigned n) const {
  if (!setThreadsFn)
    return createStringError("the library exports no " + info.entry +
                             "_set_num_threads (compiled before threads existed)");
  if (n > 1024 || setThreadsFn(int32_t(n)) != 0)
    return createStringError("thread count " + std::to_string(n) +
                             " out of range (0 = default, 1 to 1024)");
  return Error::success();
}

int32_t compress::runtime::CompiledModel::getNumThreads() const { return getThreadsFn ? getThreadsFn() : 1; }
