//===- Runtime.cpp - C API to load and run models (compress-c/Runtime.h) ---===//
#include "compress-c/Runtime.h"

#include "compress/Runtime/CompiledModel.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/JSON.h"

#include <cstdlib>
#include <cstring>

using namespace compress::runtime;

struct compress_model {
  std::unique_ptr<CompiledModel> model;
  /// compress_model_info's document, rebuilt from the parsed signature.
  std::string info;
};

static void returnError(char **out, const std::string &text) {
  if (!out)
    return;
  *out = static_cast<char *>(std::malloc(text.size() + 1));
  if (!*out)
    std::abort();
  std::memcpy(*out, text.c_str(), text.size() + 1);
}

static llvm::json::Array tensorsToJSON(const std::vector<TensorSpec> &tensors) {
  llvm::json::Array array;
  for (const TensorSpec &t : tensors) {
    llvm::json::Object object{
        {"name", t.name}, {"dtype", t.dtype}, {"shape", llvm::json::Array(t.shape)}};
    if (t.range) // The input range check, as in E_info
      object["range"] = t.range;
    array.push_back(std::move(object));
  }
  return array;
}

compress_model *compress_model_load(const char *library_path, const char *entry,
                                    char **error) {
  if (!library_path) {
    returnError(error, "compress_model_load: library_path must not be NULL");
    return nullptr;
  }
  auto loaded = CompiledModel::load(library_path, entry ? entry : "model");
  if (!loaded) {
    returnError(error, llvm::toString(loaded.takeError()));
    return nullptr;
  }
  auto *result = new compress_model{std::move(*loaded), ""};
  const ModelInfo &info = result->model->getInfo();
  llvm::json::Object document{{"entry", info.entry},
                              {"inputs", tensorsToJSON(info.inputs)},
                              {"outputs", tensorsToJSON(info.outputs)}};
  llvm::raw_string_ostream(result->info) << llvm::json::Value(std::move(document));
  return result;
}

void compress_model_unload(compress_model *model) { delete model; }

const char *compress_model_info(const compress_model *model) { return model->info.c_str(); }

size_t compress_model_num_inputs(const compress_model *model) {
  return model->model->getInfo().inputs.size();
}

size_t compress_model_num_outputs(const compress_model *model) {
  return model->model->getInfo().outputs.size();
}

static const TensorSpec *tensor(const compress_model *model, bool output, size_t index) {
  const ModelInfo &info = model->model->getInfo();
  const std::vector<TensorSpec> &tensors = output ? info.outputs : info.inputs;
  return index < tensors.size() ? &tensors[index] : nullptr;
}

const char *compress_model_input_name(const compress_model *model, size_t index) {
  const TensorSpec *t = tensor(model, false, index);
  return t ? t->name.c_str() : nullptr;
}

size_t compress_model_input_rank(const compress_model *model, size_t index) {
  const TensorSpec *t = tensor(model, false, index);
  return t ? t->shape.size() : 0;
}

const int64_t *compress_model_input_shape(const compress_model *model, size_t index) {
  const TensorSpec *t = tensor(model, false, index);
  return t ? t->shape.data() : nullptr;
}

const char *compress_model_output_name(const compress_model *model, size_t index) {
  const TensorSpec *t = tensor(model, true, index);
  return t ? t->name.c_str() : nullptr;
}

size_t compress_model_output_rank(const compress_model *model, size_t index) {
  const TensorSpec *t = tensor(model, true, index);
  return t ? t->shape.size() : 0;
}

const int64_t *compress_model_output_shape(const compress_model *model, size_t index) {
  const TensorSpec *t = tensor(model, true, index);
  return t ? t->shape.data() : nullptr;
}

int32_t compress_model_run(const compress_model *model, const float *const *inputs,
                           float *const *outputs) {
  if (!model || !inputs || !outputs)
    return COMPRESS_ERROR_NULL_BUFFER;
  const ModelInfo &info = model->model->getInfo();
  llvm::SmallVector<void *, 8> buffers;
  // E_packed only reads the input buffers; its signature is untyped.
  for (size_t i = 0; i < info.inputs.size(); ++i)
    buffers.push_back(const_cast<float *>(inputs[i]));
  for (size_t i = 0; i < info.outputs.size(); ++i)
    buffers.push_back(outputs[i]);
  return model->model->run(buffers);
}

// Intra-op threads.
int32_t compress_model_set_num_threads(const compress_model *model, int32_t n) {
  if (!model || n < 0)
    return -1;
  if (llvm::Error err = model->model->setNumThreads(unsigned(n))) {
    llvm::consumeError(std::move(err));
    return -1;
  }
  return 0;
}

int32_t compress_model_num_threads(const compress_model *model) {
  return model ? model->model->getNumThreads() : 1;
}
