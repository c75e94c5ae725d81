//===- ModelInfo.cpp - parses the JSON a compiled model reports -----------===//

#include "compress/Runtime/ModelInfo.h"

#include "compress/Runtime/CompressModel.h"
#include "compress/Runtime/TensorFile.h"

using namespace llvm;

namespace compress::runtime {

bool fromJSON(const json::Value &value, TensorSpec &spec, json::Path path) {
  json::ObjectMapper mapper(value, path);
  return mapper && mapper.map("name", spec.name) &&
         mapper.map("dtype", spec.dtype) && mapper.map("shape", spec.shape) &&
         mapper.mapOptional("range", spec.range);
}

bool fromJSON(const json::Value &value, ModelInfo &info, json::Path path) {
  json::ObjectMapper mapper(value, path);
  return mapper && mapper.map("entry", info.entry) &&
         mapper.map("inputs", info.inputs) &&
         mapper.map("outputs", info.outputs);
}

static Error validate(TensorSpec &spec, StringRef role, size_t index) {
  if (getDtypeSize(spec.dtype) == 0)
    return createStringError("%s %zu ('%s') has dtype '%s'; expected float32, "
                             "float64, float16, bfloat16, int8..int64, "
                             "uint8..uint64 or bool",
                             role.str().c_str(), index, spec.name.c_str(),
                             spec.dtype.c_str());
  if (spec.range < 0)
    return createStringError("%s %zu ('%s') has a negative range %lld",
                             role.str().c_str(), index, spec.name.c_str(),
                             (long long)spec.range);
  Expected<uint64_t> count = getNumElements(spec.shape, spec.dtype);
  if (!count)
    return createStringError("%s %zu ('%s'): %s", role.str().c_str(), index,
                             spec.name.c_str(),
                             toString(count.takeError()).c_str());
  spec.numElements = *count;
  return Error::success();
}

Expected<ModelInfo> parseModelInfo(StringRef text) {
  Expected<json::Value> value = json::parse(text);
  if (!value)
    return createStringError("malformed info JSON: " +
                             toString(value.takeError()));
  ModelInfo info;
  json::Path::Root root("info");
  if (!fromJSON(*value, info, root))
    return createStringError("malformed info JSON: " +
                             toString(root.getError()));
  for (auto [index, spec] : enumerate(info.inputs))
    if (Error err = validate(spec, "input", index))
      return std::move(err);
  for (auto [index, spec] : enumerate(info.outputs))
    if (Error err = validate(spec, "output", index))
      return std::move(err);
  return info;
}

} // namespace compress::runtime
