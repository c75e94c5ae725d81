// RUN: compress-opt %s -split-input-file -verify-diagnostics --compress-model-abi | FileCheck %s

// The entry becomes E_impl returning an error code; E checks the buffers, E_packed
// unpacks them, E_info returns the signature; the signature attribute is dropped.
// CHECK-LABEL: module {
// CHECK: llvm.mlir.global internal constant @net_info_json("{\22entry\22:\22net\22,\22inputs\22:[{\22dtype\22:\22float32\22,\22name\22:\22x\22,\22shape\22:[4]}],\22outputs\22:[{\22dtype\22:\22float32\22,\22name\22:\22y\22,\22shape\22:[4]}]}\00")
// CHECK: llvm.func internal @net_impl(%{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr) -> i32
// CHECK: llvm.func @net(%[[A:.*]]: !llvm.ptr, %[[B:.*]]: !llvm.ptr) -> i32
// CHECK: llvm.icmp "eq" %[[A]]
// CHECK: llvm.icmp "eq" %[[B]]
// CHECK: llvm.call @net_impl(%[[A]], %[[B]])
// CHECK: llvm.func @net_packed(%{{.*}}: !llvm.ptr) -> i32
// CHECK: llvm.call @net(
// CHECK: llvm.func @net_info() -> !llvm.ptr
// CHECK: llvm.mlir.addressof @net_info_json
module attributes {compress.model_signature = "{\22entry\22:\22net\22,\22inputs\22:[{\22dtype\22:\22float32\22,\22name\22:\22x\22,\22shape\22:[4]}],\22outputs\22:[{\22dtype\22:\22float32\22,\22name\22:\22y\22,\22shape\22:[4]}]}"} {
  llvm.func @net(%in: !llvm.ptr, %out: !llvm.ptr) {
    llvm.return
  }
}

// -----

// expected-error @below {{no 'compress.model_signature' attribute: run compress-model-signature before lowering}}
module {
  llvm.func @model(%in: !llvm.ptr, %out: !llvm.ptr) {
    llvm.return
  }
}

// -----

// expected-error @below {{malformed 'compress.model_signature': expected {"entry": name, "inputs": [...], "outputs": [...]}}}
module attributes {compress.model_signature = "{\22entry\22: \22model\22}"} {
}

// -----

// expected-error @below {{lowered module has no llvm.func @model}}
module attributes {compress.model_signature = "{\22entry\22:\22model\22,\22inputs\22:[],\22outputs\22:[]}"} {
}

// -----

module attributes {compress.model_signature = "{\22entry\22:\22model\22,\22inputs\22:[{\22dtype\22:\22float32\22,\22name\22:\22x\22,\22shape\22:[4]}],\22outputs\22:[{\22dtype\22:\22float32\22,\22name\22:\22y\22,\22shape\22:[4]}]}"} {
  // expected-error @below {{expected the bare-pointer ABI: 2 pointer parameters, got '!llvm.func<void (ptr)>'}}
  llvm.func @model(%in: !llvm.ptr) {
    llvm.return
  }
}

// -----

// expected-error @below {{symbol 'model_info' already exists; choose another --entry}}
module attributes {compress.model_signature = "{\22entry\22:\22model\22,\22inputs\22:[{\22dtype\22:\22float32\22,\22name\22:\22x\22,\22shape\22:[4]}],\22outputs\22:[{\22dtype\22:\22float32\22,\22name\22:\22y\22,\22shape\22:[4]}]}"} {
  llvm.func @model(%in: !llvm.ptr, %out: !llvm.ptr) {
    llvm.return
  }
  llvm.func @model_info() {
    llvm.return
  }
}

// -----

// Other definitions get internal linkage; declarations stay external.
// CHECK-LABEL: module {
// CHECK: llvm.func internal @helper(
// CHECK: llvm.func @expf(f32) -> f32
// CHECK: llvm.func internal @model_impl(
// CHECK: llvm.func @model(
// CHECK: llvm.func @model_packed(
// CHECK: llvm.func @model_info(
module attributes {compress.model_signature = "{\22entry\22:\22model\22,\22inputs\22:[{\22dtype\22:\22float32\22,\22name\22:\22x\22,\22shape\22:[4]}],\22outputs\22:[{\22dtype\22:\22float32\22,\22name\22:\22y\22,\22shape\22:[4]}]}"} {
  llvm.func @helper(%in: !llvm.ptr, %out: !llvm.ptr) {
    llvm.return
  }
  llvm.func @expf(f32) -> f32
  llvm.func @model(%in: !llvm.ptr, %out: !llvm.ptr) {
    llvm.call @helper(%in, %out) : (!llvm.ptr, !llvm.ptr) -> ()
    llvm.return
  }
}

// -----

// An entry that another function calls: the callers keep calling it, with its own
// signature, as the internal @E_callee; E_impl is a copy that returns the code.
// CHECK-LABEL: module {
// CHECK: llvm.func internal @caller(%[[A:.*]]: !llvm.ptr, %[[B:.*]]: !llvm.ptr) {
// CHECK-NEXT: llvm.call @net_callee(%[[A]], %[[B]]) : (!llvm.ptr, !llvm.ptr) -> ()
// CHECK: llvm.func internal @net_callee(%{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr) {
// CHECK: llvm.func internal @net_impl(%{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr) -> i32
// CHECK: llvm.func @net(%[[X:.*]]: !llvm.ptr, %[[Y:.*]]: !llvm.ptr) -> i32
// CHECK: llvm.call @net_impl(%[[X]], %[[Y]])
module attributes {compress.model_signature = "{\22entry\22:\22net\22,\22inputs\22:[{\22dtype\22:\22float32\22,\22name\22:\22x\22,\22shape\22:[4]}],\22outputs\22:[{\22dtype\22:\22float32\22,\22name\22:\22y\22,\22shape\22:[4]}]}"} {
  llvm.func @caller(%in: !llvm.ptr, %out: !llvm.ptr) {
    llvm.call @net(%in, %out) : (!llvm.ptr, !llvm.ptr) -> ()
    llvm.return
  }
  llvm.func @net(%in: !llvm.ptr, %out: !llvm.ptr) {
    llvm.return
  }
}
