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

def CompressDecompress : Pass<"compress-decompress", "ModuleOp"> {
  let summary = "Rewrite every compress op with constant weights back into the dense tosa op (the oracle)";
  let description = [{
    TODO(dialect): description with a Before / After example.
  }];
  let dependentDialects = ["::mlir::tosa::TosaDialect", "::mlir::tensor::TensorDialect",
                           "::mlir::arith::ArithDialect"];
}

#endif // COMPRESS_TRANSFORMS_PASSES_TD
