// Every --emit stage of compress-compile, and .mlir from a later stage accepted as input.
// RUN: rm -rf %t && mkdir -p %t
// RUN: compress-compile %s --emit=mlir -o - | FileCheck %s --check-prefix=CHECK-MLIR
// RUN: compress-compile %s --emit=mlir --mlir-print-debuginfo -o - | FileCheck %s --check-prefix=DEBUGINFO
// RUN: compress-compile %s --emit=compressed --codebook-bits=8 -o %t/compressed.mlir
// RUN: FileCheck %s --check-prefix=COMPRESSED < %t/compressed.mlir
// RUN: compress-compile %t/compressed.mlir --emit=lowered -o %t/lowered.mlir
// RUN: FileCheck %s --check-prefix=LOWERED < %t/lowered.mlir
// RUN: compress-compile %t/lowered.mlir --emit=llvm -o %t/model.ll
// RUN: FileCheck %s --check-prefix=LLVM < %t/model.ll
// RUN: compress-compile %t/lowered.mlir --emit=obj -o %t/model.o
// RUN: llvm-nm %t/model.o | FileCheck %s --check-prefix=OBJ
// RUN: compress-compile %t/lowered.mlir -o %t/libmodel.so --header %t/model.h
// RUN: llvm-nm -D --defined-only %t/libmodel.so | FileCheck %s --check-prefix=LIB
// RUN: FileCheck %s --check-prefix=HEADER < %t/model.h
// Default output names: lib<stem>.so next to the working directory.
// RUN: cd %t && compress-compile %s && test -f libcompress-compile-emit.so && test -f libcompress-compile-emit.h
// RUN: compress-compile %s --report=json --emit=compressed --codebook-bits=8 -o /dev/null | FileCheck %s --check-prefix=JSON

// CHECK-MLIR: func.func @model(%{{.*}}: tensor<1x6xf32>{{.*}}) -> tensor<1x4xf32>
// CHECK-MLIR-NOT: loc(
// With --mlir-print-debuginfo the locations (ONNX node names) survive a round trip.
// DEBUGINFO: tosa.matmul {{.*}} loc(
// COMPRESSED: compress.codebook_matmul
// COMPRESSED-SAME: bits = 8
// LOWERED-DAG: llvm.func internal @model_impl(%{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr)
// LOWERED-DAG: llvm.func @model(%{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr) -> i32
// LOWERED-DAG: llvm.func @model_packed(%{{.*}}: !llvm.ptr) -> i32
// LOWERED-DAG: llvm.func @model_info() -> !llvm.ptr
// LLVM-DAG: define {{.*}}i32 @model(ptr {{.*}}, ptr {{.*}})
// LLVM-DAG: define {{.*}}i32 @model_packed(ptr
// LLVM-DAG: define {{.*}}ptr @model_info()
// OBJ-DAG: T model
// OBJ-DAG: T model_packed
// OBJ-DAG: T model_info
// LIB-DAG: T model
// LIB-DAG: T model_packed
// LIB-DAG: T model_info
// LIB-NOT: model_impl
// HEADER: int32_t model(const float *in0 /* 'input_0' 1x6 */,
// JSON: "layers": [
// JSON: "method": "codebook",
// JSON: "total_weight_bytes_before": 96

func.func @model(%x: tensor<1x6xf32>) -> tensor<1x4xf32> {
  %w = "tosa.const"() {values = dense<[[[0.5, -1.0, 2.0, 0.25], [1.5, 0.0, -0.5, 1.0], [0.5, 0.5, 0.5, 0.5],
                                        [-2.0, 1.0, 0.0, 3.0], [1.0, -1.0, 1.0, -1.0], [0.25, 0.75, -0.25, 0.0]]]> : tensor<1x6x4xf32>} : () -> tensor<1x6x4xf32>
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %s3 = tosa.const_shape {values = dense<[1, 1, 6]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %x3 = tosa.reshape %x, %s3 : (tensor<1x6xf32>, !tosa.shape<3>) -> tensor<1x1x6xf32>
  %y3 = tosa.matmul %x3, %w, %zp, %zp : (tensor<1x1x6xf32>, tensor<1x6x4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x4xf32>
  %s2 = tosa.const_shape {values = dense<[1, 4]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %y = tosa.reshape %y3, %s2 : (tensor<1x1x4xf32>, !tosa.shape<2>) -> tensor<1x4xf32>
  return %y : tensor<1x4xf32>
}
