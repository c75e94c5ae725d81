//===- Passes.td - compression passes ------------------------*- tablegen -*-===//
#ifndef COMPRESS_TRANSFORMS_PASSES_TD
#define COMPRESS_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def CompressCodebook : Pass<"compress-codebook", "ModuleOp"> {
  let summary = "Weight sharing: k-means clustering of constant conv/matmul weights into codebook ops";
  let description = [{
    TODO(codebook): description with a Before / After example.
  }];
  let dependentDialects = ["::mlir::compress::CompressDialect", "::mlir::tensor::TensorDialect",
                           "::mlir::tosa::TosaDialect", "::mlir::arith::ArithDialect"];
  let options = [
    Option<"bits", "bits", "int64_t", "4", "index width in bits, 1-8 (k = 2^bits centroids)">,
  ];
}

#endif // COMPRESS_TRANSFORMS_PASSES_TD
