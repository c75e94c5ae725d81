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
#include "llvm/Support/FileSystem.h"

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
