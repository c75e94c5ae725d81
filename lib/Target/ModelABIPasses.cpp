//===- ModelABIPasses.cpp - compress-model-signature, compress-model-abi ===//
#include "compress/Target/ModelABI.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/BuiltinAttributes.h"

namespace mlir::compress {
#define GEN_PASS_DEF_COMPRESSMODELSIGNATURE
#define GEN_PASS_DEF_COMPRESSMODELABI
#include "compress/Target/Passes.h.inc"
} // namespace mlir::compress

using namespace mlir;
using namespace mlir::compress;

namespace {
struct ModelSignaturePass
    : public compress::impl::CompressModelSignatureBase<ModelSignaturePass> {
  using CompressModelSignatureBase::CompressModelSignatureBase;
  void runOnOperation() override {
    ModuleOp module = getOperation();
    FailureOr<func::FuncOp> fn = findEntryFunction(module, entry);
    if (failed(fn))
      return signalPassFailure();
    FailureOr<ModelSignature> signature = getModelSignature(*fn);
    if (failed(signature))
      return signalPassFailure();
    if (failed(privatizeNonEntryFunctions(module, *fn)))
      return signalPassFailure();
    module->setAttr(kModelSignatureAttrName,
                    StringAttr::get(&getContext(), signatureToJSON(*signature)));
  }
};

struct ModelABIPass : public compress::impl::CompressModelABIBase<ModelABIPass> {
  using CompressModelABIBase::CompressModelABIBase;
  void getDependentDialects(DialectRegistry &registry) const override {
    registry.insert<LLVM::LLVMDialect>();
  }
  void runOnOperation() override {
    ModuleOp module = getOperation();
    auto text = module->getAttrOfType<StringAttr>(kModelSignatureAttrName);
    if (!text) {
      module.emitError() << "no '" << kModelSignatureAttrName
                         << "' attribute: run compress-model-signature before lowering";
      return signalPassFailure();
    }
    std::string error;
    FailureOr<ModelSignature> signature = signatureFromJSON(text.getValue(), error);
    if (failed(signature)) {
      module.emitError() << "malformed '" << kModelSignatureAttrName << "': " << error;
      return signalPassFailure();
    }
    if (failed(addModelABIWrappers(module, *signature)))
      return signalPassFailure();
    module->removeAttr(kModelSignatureAttrName);
  }
};
} // namespace
