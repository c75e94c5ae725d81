// RUN: compress-opt %s --compress-model-abi | FileCheck %s
// An input with "range" gets a check loop in E, after the NULL
// check and before E_impl: signed dtypes compare sext(x) with -L and L, unsigned
// ones zext(x) >u L; any element outside returns 3 (COMPRESS_ERROR_INPUT_RANGE).
// Inputs without a range (c) are not looped over.

// CHECK: llvm.func @net(%[[A:.*]]: !llvm.ptr, %[[B:.*]]: !llvm.ptr, %[[C:.*]]: !llvm.ptr, %[[Y:.*]]: !llvm.ptr) -> i32
// CHECK: llvm.cond_br %{{.*}}, ^[[FAIL:bb[0-9]+]], ^[[CHECKA:bb[0-9]+]]
// CHECK: ^[[CHECKA]]:
// CHECK: llvm.br ^[[HEADA:bb[0-9]+]]
// CHECK: ^[[HEADA]](%[[I:.*]]: i64):
// CHECK: %[[N:.*]] = llvm.mlir.constant(6 : i64) : i64
// CHECK: llvm.icmp "slt" %[[I]], %[[N]] : i64
// CHECK: llvm.getelementptr %[[A]][%{{.*}}] : (!llvm.ptr, i64) -> !llvm.ptr, i16
// CHECK: %[[VA:.*]] = llvm.load %{{.*}} : !llvm.ptr -> i16
// CHECK: %[[XA:.*]] = llvm.sext %[[VA]] : i16 to i64
// CHECK-DAG: llvm.mlir.constant(1000 : i64) : i64
// CHECK-DAG: llvm.mlir.constant(-1000 : i64) : i64
// CHECK: llvm.icmp "slt" %[[XA]]
// CHECK: llvm.icmp "sgt" %[[XA]]
// CHECK: llvm.cond_br %{{.*}}, ^[[RANGE:bb[0-9]+]], ^[[HEADA]](
// CHECK: llvm.getelementptr %[[B]][%{{.*}}] : (!llvm.ptr, i64) -> !llvm.ptr, i64
// CHECK: %[[VB:.*]] = llvm.load %{{.*}} : !llvm.ptr -> i64
// CHECK-NOT: llvm.zext %[[VB]]
// CHECK: llvm.icmp "ugt" %[[VB]]
// CHECK: llvm.call @net_impl(%[[A]], %[[B]], %[[C]], %[[Y]])
// CHECK: ^[[FAIL]]:
// CHECK: llvm.mlir.constant(1 : i32)
// CHECK: ^[[RANGE]]:
// CHECK-NEXT: %[[THREE:.*]] = llvm.mlir.constant(3 : i32) : i32
// CHECK-NEXT: llvm.return %[[THREE]] : i32
// CHECK: llvm.func @net_packed
module attributes {compress.model_signature = "{\22entry\22:\22net\22,\22inputs\22:[{\22dtype\22:\22int16\22,\22name\22:\22a\22,\22range\22:1000,\22shape\22:[2,3]},{\22dtype\22:\22uint64\22,\22name\22:\22b\22,\22range\22:1000,\22shape\22:[4]},{\22dtype\22:\22int32\22,\22name\22:\22c\22,\22shape\22:[4]}],\22outputs\22:[{\22dtype\22:\22bool\22,\22name\22:\22y\22,\22shape\22:[4]}]}"} {
  llvm.func @net(%a: !llvm.ptr, %b: !llvm.ptr, %c: !llvm.ptr, %y: !llvm.ptr) {
    llvm.return
  }
}
