//===- Passes.td - lowerings of the compress dialect ---------*- tablegen -*-===//
#ifndef COMPRESS_CONVERSION_PASSES_TD
#define COMPRESS_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertCompressToLinalg : Pass<"convert-compress-to-linalg"> {
  let summary = "Lower compress ops on tensors to linalg.generic loop nests that read the compressed weights";
  let description = [{
    TODO(lowering): description with a Before / After example.
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect", "::mlir::tensor::TensorDialect",
                           "::mlir::arith::ArithDialect", "::mlir::math::MathDialect"];
}

#endif // COMPRESS_CONVERSION_PASSES_TD
