//===- ModelABI.cpp - entry points, signature JSON and C header of a model ===//
#include "compress/Target/ModelABI.h"

#include "compress/Runtime/CompressModel.h"

#include "mlir/Dialect/LLVMIR/FunctionCallUtils.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/SymbolTable.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

#include <dlfcn.h>

using namespace mlir;
using namespace mlir::compress;

FailureOr<func::FuncOp> compress::findEntryFunction(ModuleOp module, StringRef entry) {
  if (!entry.empty()) {
    if (auto fn = module.lookupSymbol<func::FuncOp>(entry))
      return fn;
    return module.emitError() << "no function named '" << entry
                              << "' to compile as the entry point (--entry)";
  }
  func::FuncOp found;
  for (auto fn : module.getOps<func::FuncOp>()) {
    if (fn.isPrivate() || fn.isExternal())
      continue;
    if (found)
      return module.emitError() << "several public functions ('" << found.getName()
                                << "', '" << fn.getName() << "'): name the entry with --entry";
    found = fn;
  }
  if (!found)
    return module.emitError() << "no public function to compile as the entry point";
  return found;
}

// --- Element types at the boundary ---
Type compress::dtypeElementType(MLIRContext *ctx, StringRef dtype) {
  Builder b(ctx);
  return llvm::StringSwitch<Type>(dtype)
      .Case("float32", b.getF32Type())
      .Case("float64", b.getF64Type())
      .Case("float16", b.getF16Type())
      .Case("bfloat16", b.getBF16Type())
      .Cases({"int8", "uint8", "bool"}, b.getIntegerType(8))
      .Cases({"int16", "uint16"}, b.getIntegerType(16))
      .Cases({"int32", "uint32"}, b.getIntegerType(32))
      .Cases({"int64", "uint64"}, b.getIntegerType(64))
      .Default(Type());
}

std::string compress::defaultDtypeName(Type t) {
  if (t.isF32())
    return "float32";
  if (t.isF64())
    return "float64";
  if (t.isF16())
    return "float16";
  if (t.isBF16())
    return "bfloat16";
  if (t.isSignlessInteger(8) || t.isSignlessInteger(16) || t.isSignlessInteger(32) ||
      t.isSignlessInteger(64))
    return "int" + std::to_string(t.getIntOrFloatBitWidth());
  return "";
}

StringRef compress::dtypeCType(StringRef dtype) {
  return llvm::StringSwitch<StringRef>(dtype)
      .Case("float32", "float")
      .Case("float64", "double")
      .Cases({"float16", "bfloat16", "uint16"}, "uint16_t")
      .Case("int8", "int8_t")
      .Cases({"uint8", "bool"}, "uint8_t")
      .Case("int16", "int16_t")
      .Case("int32", "int32_t")
      .Case("uint32", "uint32_t")
      .Case("int64", "int64_t")
      .Case("uint64", "uint64_t")
      .Default("");
}

bool compress::isIntegerDtype(StringRef dtype) {
  return dtype.starts_with("int") || dtype.starts_with("uint");
}
bool compress::isUnsignedDtype(StringRef dtype) { return dtype.starts_with("uint"); }

static LogicalResult readTensor(func::FuncOp fn, Type type, StringRef what, unsigned index,
                                ArrayAttr names, ArrayAttr dtypes, TensorSignature &out) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  std::string dtype = tensor ? defaultDtypeName(tensor.getElementType()) : "";
  if (!tensor || !tensor.hasStaticShape() || dtype.empty())
    return fn.emitError() << what << " #" << index
                          << " must be a statically shaped tensor of f32, f64, f16, bf16, "
                             "i8, i16, i32 or i64, got "
                          << type;
  if (dtypes) {
    StringRef attrName = what == "argument" ? "compress.input_dtypes" : "compress.output_dtypes";
    auto name = index < dtypes.size() ? dyn_cast<StringAttr>(dtypes[index]) : nullptr;
    if (!name)
      return fn.emitError() << "'" << attrName << "' must hold one string per " << what
                            << ", none for " << what << " #" << index;
    Type expected = dtypeElementType(fn.getContext(), name.getValue());
    if (!expected)
      return fn.emitError() << "'" << attrName << "' of " << what << " #" << index
                            << ": unknown dtype '" << name.getValue() << "'";
    if (expected != tensor.getElementType())
      return fn.emitError() << "'" << attrName << "' of " << what << " #" << index << ": dtype '"
                            << name.getValue() << "' needs element type " << expected
                            << ", got " << type;
    dtype = name.getValue().str();
  }
  out.dtype = dtype;
  out.shape.assign(tensor.getShape().begin(), tensor.getShape().end());
  if (names && index < names.size())
    if (auto s = dyn_cast<StringAttr>(names[index]))
      out.name = s.str();
  if (out.name.empty())
    out.name = (what == "argument" ? "input_" : "output_") + std::to_string(index);
  return success();
}

FailureOr<ModelSignature> compress::getModelSignature(func::FuncOp fn) {
  ModelSignature sig;
  sig.entry = fn.getName().str();
  auto inNames = fn->getAttrOfType<ArrayAttr>("compress.input_names");
  auto outNames = fn->getAttrOfType<ArrayAttr>("compress.output_names");
  for (StringRef attr : {"compress.input_dtypes", "compress.output_dtypes",
                         "compress.input_range_checks"})
    if (fn->hasAttr(attr) && !fn->getAttrOfType<ArrayAttr>(attr))
      return fn.emitError() << "'" << attr << "' must be an array attribute";
  auto inDtypes = fn->getAttrOfType<ArrayAttr>("compress.input_dtypes");
  auto outDtypes = fn->getAttrOfType<ArrayAttr>("compress.output_dtypes");
  auto ranges = fn->getAttrOfType<ArrayAttr>("compress.input_range_checks");
  FunctionType type = fn.getFunctionType();
  if (inDtypes && inDtypes.size() != type.getNumInputs())
    return fn.emitError() << "'compress.input_dtypes' has " << inDtypes.size()
                          << " entries for " << type.getNumInputs() << " arguments";
  if (outDtypes && outDtypes.size() != type.getNumResults())
    return fn.emitError() << "'compress.output_dtypes' has " << outDtypes.size()
                          << " entries for " << type.getNumResults() << " results";
  if (ranges && ranges.size() != type.getNumInputs())
    return fn.emitError() << "'compress.input_range_checks' has " << ranges.size()
                          << " entries for " << type.getNumInputs() << " arguments";
  for (auto [i, t] : llvm::enumerate(type.getInputs())) {
    TensorSignature ts;
    if (failed(readTensor(fn, t, "argument", i, inNames, inDtypes, ts)))
      return failure();
    if (ranges) {
      auto range = dyn_cast<IntegerAttr>(ranges[i]);
      if (!range || range.getValue().getBitWidth() > 64 || range.getInt() < 0)
        return fn.emitError() << "'compress.input_range_checks' of argument #" << i
                              << ": expected a non-negative integer, got " << ranges[i];
      ts.range = range.getInt();
      if (ts.range && !isIntegerDtype(ts.dtype))
        return fn.emitError() << "'compress.input_range_checks' of argument #" << i
                              << ": a range check needs an integer dtype, got '" << ts.dtype
                              << "'";
    }
    sig.inputs.push_back(std::move(ts));
  }
  for (auto [i, t] : llvm::enumerate(type.getResults())) {
    TensorSignature ts;
    if (failed(readTensor(fn, t, "result", i, outNames, outDtypes, ts)))
      return failure();
    sig.outputs.push_back(std::move(ts));
  }
  if (sig.outputs.empty())
    return fn.emitError() << "the entry function returns nothing";
  return sig;
}

std::string compress::signatureToJSON(const ModelSignature &sig) {
  auto tensors = [](ArrayRef<TensorSignature> list) {
    llvm::json::Array array;
    for (const auto &t : list) {
      llvm::json::Object object{{"name", t.name},
                                {"dtype", t.dtype},
                                {"shape", llvm::json::Array(t.shape)}};
      if (t.range)
        object["range"] = t.range;
      array.push_back(std::move(object));
    }
    return array;
  };
  llvm::json::Object root{{"entry", sig.entry},
                          {"inputs", tensors(sig.inputs)},
                          {"outputs", tensors(sig.outputs)}};
  if (sig.scratchBytes >= 0)
    root["scratch_bytes"] = sig.scratchBytes;
  std::string text;
  llvm::raw_string_ostream os(text);
  os << llvm::json::Value(std::move(root));
  return text;
}

FailureOr<ModelSignature> compress::signatureFromJSON(StringRef text, std::string &error) {
  auto json = llvm::json::parse(text);
  if (!json) {
    error = llvm::toString(json.takeError());
    return failure();
  }
  ModelSignature sig;
  auto *root = json->getAsObject();
  if (!root) {
    error = "not a JSON object";
    return failure();
  }
  sig.entry = root->getString("entry").value_or("").str();
  sig.scratchBytes = root->getInteger("scratch_bytes").value_or(-1);
  auto readList = [&](StringRef key, SmallVector<TensorSignature> &out) {
    auto *list = root->getArray(key);
    if (!list)
      return false;
    for (auto &item : *list) {
      auto *obj = item.getAsObject();
      if (!obj)
        return false;
      TensorSignature t;
      t.name = obj->getString("name").value_or("").str();
      t.dtype = obj->getString("dtype").value_or("").str();
      t.range = obj->getInteger("range").value_or(0);
      auto *shape = obj->getArray("shape");
      if (!shape)
        return false;
      for (auto &d : *shape)
        t.shape.push_back(d.getAsInteger().value_or(-1));
      out.push_back(std::move(t));
    }
    return true;
  };
  if (sig.entry.empty() || !readList("inputs", sig.inputs) || !readList("outputs", sig.outputs)) {
    error = "expected {\"entry\": name, \"inputs\": [...], \"outputs\": [...]}";
    return failure();
  }
  return sig;
}

FailureOr<ModelSignature> compress::readLoweredModelSignature(ModuleOp module, StringRef entry) {
  auto global = module.lookupSymbol<LLVM::GlobalOp>((entry + "_info_json").str());
  auto value = global ? dyn_cast_or_null<StringAttr>(global.getValueOrNull()) : nullptr;
  if (!value)
    return module.emitError() << "lowered module has no '" << entry
                              << "_info_json' global: was it made by compress-compile "
                                 "--emit=lowered with --entry="
                              << entry << "?";
  std::string error;
  FailureOr<ModelSignature> sig = signatureFromJSON(value.getValue().rtrim('\0'), error);
  if (failed(sig) || sig->entry != entry)
    return module.emitError() << "malformed signature JSON in '" << entry << "_info_json'";
  return sig;
}

/// C keywords (C11 and C23), which cannot name a function.
static bool isCKeyword(StringRef name) {
  static const char *keywords[] = {
      "auto",     "break",   "case",     "char",     "const",  "continue", "default",
      "do",       "double",  "else",     "enum",     "extern", "float",    "for",
      "goto",     "if",      "inline",   "int",      "long",   "register", "restrict",
      "return",   "short",   "signed",   "sizeof",   "static", "struct",   "switch",
      "typedef",  "union",   "unsigned", "void",     "volatile", "while",  "bool",
      "true",     "false",   "nullptr",  "alignas",  "alignof", "constexpr", "static_assert",
      "thread_local", "typeof"};
  return llvm::any_of(keywords, [&](const char *k) { return name == k; });
}

/// Whether a symbol `name` would interpose a function of the C library (libc,
/// libm) or main.
static bool isCLibrarySymbol(StringRef name) {
  if (name == "main")
    return true;
  std::string cname = name.str();
  for (const char *lib : {"libc.so.6", "libm.so.6"}) {
    if (void *handle = dlopen(lib, RTLD_LAZY | RTLD_NOLOAD)) {
      bool found = dlsym(handle, cname.c_str()) != nullptr;
      dlclose(handle);
      if (found)
        return true;
    }
  }
  return false;
}

/// A symbol name not yet in `module`, `base` or `base_<n>`.
static std::string uniqueSymbolName(ModuleOp module, StringRef base) {
  std::string name = base.str();
  for (unsigned n = 0; module.lookupSymbol(name); ++n)
    name = (base + "_" + Twine(n)).str();
  return name;
}

LogicalResult compress::privatizeNonEntryFunctions(ModuleOp module, func::FuncOp entry) {
  SymbolTable symbols(module);
  if (entry.isExternal())
    return entry.emitError() << "entry function '" << entry.getName()
                             << "' is a declaration without a body";
  for (auto fn : llvm::make_early_inc_range(module.getOps<func::FuncOp>())) {
    if (fn == entry)
      continue;
    if (fn.isExternal()) {
      // The library would import it from whatever defines the name at load time
      // (or fail to load): a model calls only functions defined in its module.
      if (!SymbolTable::symbolKnownUseEmpty(fn, module))
        return fn.emitError() << "function '" << fn.getName()
                              << "' is called but has no body; a compiled model can only "
                                 "call functions defined in its module";
      continue;
    }
    fn.setPrivate();
    // Internal linkage keeps the symbol out of the library's exports, but a
    // definition named like a C library function would still capture the calls
    // the lowering (malloc, free) and the code generator (memcpy, memset, libm
    // calls) emit by that name: rename it.
    StringRef name = fn.getName();
    if (!name.starts_with("_") && !isCLibrarySymbol(name) && name != "memrefCopy")
      continue;
    std::string renamed = uniqueSymbolName(module, ("compress_" + name).str());
    if (failed(symbols.rename(fn, StringAttr::get(module.getContext(), renamed))))
      return fn.emitError() << "cannot rename '" << name << "' to '" << renamed
                            << "' (it names a C library function)";
  }
  return success();
}

void compress::internalizeNonABISymbols(ModuleOp module, StringRef entry) {
  std::string packed = (entry + "_packed").str(), info = (entry + "_info").str();
  for (auto fn : module.getOps<LLVM::LLVMFuncOp>()) {
    StringRef name = fn.getSymName();
    if (fn.isExternal() || name == entry || name == packed || name == info)
      continue;
    fn.setLinkage(LLVM::Linkage::Internal);
  }
  for (auto global : module.getOps<LLVM::GlobalOp>()) {
    bool definition = global.getValueOrNull() || !global.getInitializerRegion().empty();
    if (definition && global.getLinkage() == LLVM::Linkage::External)
      global.setLinkage(LLVM::Linkage::Internal);
  }
}

std::string compress::checkEntryName(StringRef entry) {
  if (entry.empty() || !(llvm::isAlpha(entry[0]) || entry[0] == '_') ||
      !llvm::all_of(entry, [](char c) { return llvm::isAlnum(c) || c == '_'; }) ||
      isCKeyword(entry))
    return ("--entry must be a C identifier (letters, digits, '_', not a keyword), got '" +
            entry + "'")
        .str();
  if (entry.starts_with("_"))
    return ("--entry=" + entry +
            ": names starting with '_' are reserved (the C standard; the linker and C "
            "runtime define _init, _fini, _end, ...); pick another name")
        .str();
  for (std::string name : {entry.str(), (entry + "_packed").str(), (entry + "_info").str(),
                           (entry + "_set_num_threads").str(),
                           (entry + "_get_num_threads").str()}) {
    if (isCLibrarySymbol(name))
      return ("--entry=" + entry + ": the library would export '" + name +
              "', a C library function (or main); pick another name")
          .str();
  }
  return "";
}

/// Makes `impl` (void, lowered with malloc/free scratch buffers) return an
/// int32: COMPRESS_OK, or COMPRESS_ERROR_OUT_OF_MEMORY as soon as a malloc or
/// aligned_alloc of a nonzero size returns NULL. The live allocations are kept
/// in a stack array with one slot per allocation site (set after a successful
/// allocation, cleared by the free of that pointer), and the error path frees
/// every slot, so a failed call leaks nothing (an allocation site inside a
/// loop whose buffer outlives the iteration keeps only its latest buffer in the
/// slot; the deallocation pipeline frees loop buffers in the same iteration).
static LogicalResult addAllocationChecks(LLVM::LLVMFuncOp impl) {
  MLIRContext *ctx = impl.getContext();
  Location loc = impl.getLoc();
  auto i1 = IntegerType::get(ctx, 1);
  auto i32 = IntegerType::get(ctx, 32);
  auto i64 = IntegerType::get(ctx, 64);
  auto ptrType = LLVM::LLVMPointerType::get(ctx);
  if (!isa<LLVM::LLVMVoidType>(impl.getFunctionType().getReturnType()))
    return impl.emitError() << "expected the lowered entry to return nothing, got "
                            << impl.getFunctionType();

  SmallVector<LLVM::CallOp> allocs, frees;
  SmallVector<LLVM::ReturnOp> returns;
  impl.walk([&](Operation *op) {
    if (auto ret = dyn_cast<LLVM::ReturnOp>(op))
      returns.push_back(ret);
    auto call = dyn_cast<LLVM::CallOp>(op);
    if (!call || !call.getCallee())
      return;
    StringRef callee = *call.getCallee();
    if (callee == "malloc" || callee == "aligned_alloc")
      allocs.push_back(call);
    else if (callee == "free")
      frees.push_back(call);
  });

  OpBuilder b(ctx);
  impl.setFunctionType(
      LLVM::LLVMFunctionType::get(i32, impl.getFunctionType().getParams()));
  for (LLVM::ReturnOp ret : returns) {
    b.setInsertionPoint(ret);
    Value ok = LLVM::ConstantOp::create(b, ret.getLoc(), i32, COMPRESS_OK);
    LLVM::ReturnOp::create(b, ret.getLoc(), ok);
    ret.erase();
  }
  if (allocs.empty())
    return success();

  auto freeFn = LLVM::lookupOrCreateFreeFn(b, impl->getParentOfType<ModuleOp>());
  if (failed(freeFn))
    return failure();
  Block &entry = impl.getBody().front();
  b.setInsertionPointToStart(&entry);
  Value null = LLVM::ZeroOp::create(b, loc, ptrType);
  Value numSlots = LLVM::ConstantOp::create(b, loc, i64, static_cast<int64_t>(allocs.size()));
  Value slots = LLVM::AllocaOp::create(b, loc, ptrType, ptrType, numSlots);
  SmallVector<Value> slot;
  for (size_t i = 0; i < allocs.size(); ++i) {
    Value index = LLVM::ConstantOp::create(b, loc, i64, static_cast<int64_t>(i));
    slot.push_back(LLVM::GEPOp::create(b, loc, ptrType, ptrType, slots, ValueRange{index}));
    LLVM::StoreOp::create(b, loc, null, slot.back());
  }

  Block *outOfMemory = new Block();
  impl.getBody().push_back(outOfMemory);
  b.setInsertionPointToStart(outOfMemory);
  for (Value s : slot) {
    Value p = LLVM::LoadOp::create(b, loc, ptrType, s);
    LLVM::CallOp::create(b, loc, *freeFn, ValueRange{p}); // free(NULL) does nothing
  }
  Value code = LLVM::ConstantOp::create(b, loc, i32, COMPRESS_ERROR_OUT_OF_MEMORY);
  LLVM::ReturnOp::create(b, loc, code);

  for (auto [i, call] : llvm::enumerate(allocs)) {
    Location at = call.getLoc();
    b.setInsertionPointAfter(call);
    Value p = call.getResult();
    Value size = call.getOperands().back();
    Value isNull = LLVM::ICmpOp::create(b, at, LLVM::ICmpPredicate::eq, p, null);
    Value zero = LLVM::ConstantOp::create(b, at, size.getType(), 0);
    Value nonzero = LLVM::ICmpOp::create(b, at, LLVM::ICmpPredicate::ne, size, zero);
    Value failedAlloc = LLVM::AndOp::create(b, at, i1, isNull, nonzero);
    Block *before = call->getBlock();
    Block *rest = before->splitBlock(b.getInsertionPoint());
    b.setInsertionPointToEnd(before);
    LLVM::CondBrOp::create(b, at, failedAlloc, outOfMemory, ValueRange{}, rest, ValueRange{});
    b.setInsertionPointToStart(rest);
    LLVM::StoreOp::create(b, at, p, slot[i]);
  }
  for (LLVM::CallOp call : frees) {
    Location at = call.getLoc();
    b.setInsertionPointAfter(call);
    Value p = call.getOperand(0);
    for (Value s : slot) {
      Value held = LLVM::LoadOp::create(b, at, ptrType, s);
      Value same = LLVM::ICmpOp::create(b, at, LLVM::ICmpPredicate::eq, held, p);
      Value kept = LLVM::SelectOp::create(b, at, same, null, held);
      LLVM::StoreOp::create(b, at, kept, s);
    }
  }
  return success();
}

LogicalResult compress::addModelABIWrappers(ModuleOp module, const ModelSignature &sig) {
  MLIRContext *ctx = module.getContext();
  auto impl = module.lookupSymbol<LLVM::LLVMFuncOp>(sig.entry);
  if (!impl)
    return module.emitError() << "lowered module has no llvm.func @" << sig.entry;
  size_t numBuffers = sig.inputs.size() + sig.outputs.size();
  auto ptrType = LLVM::LLVMPointerType::get(ctx);
  auto implType = impl.getFunctionType();
  if (implType.getNumParams() != numBuffers ||
      llvm::any_of(implType.getParams(), [&](Type t) { return t != ptrType; }))
    return impl.emitError() << "expected the bare-pointer ABI: " << numBuffers
                            << " pointer parameters, got " << implType;
  for (StringRef suffix : {"_impl", "_packed", "_info"})
    if (module.lookupSymbol((sig.entry + suffix).str()))
      return module.emitError() << "symbol '" << sig.entry << suffix
                                << "' already exists; choose another --entry";

  // E_impl becomes E's error-code returning copy. Other functions that call E keep
  // calling it with its own signature, under an internal name; E_impl is then a
  // copy of it.
  std::string implName = sig.entry + "_impl";
  auto uses = SymbolTable::getSymbolUses(impl, module);
  if (!uses || !uses->empty()) {
    std::string calleeName = uniqueSymbolName(module, sig.entry + "_callee");
    if (failed(SymbolTable::replaceAllSymbolUses(impl, StringAttr::get(ctx, calleeName),
                                                 module)))
      return impl.emitError() << "cannot redirect the calls to the entry function";
    auto callee = impl.clone();
    callee.setSymName(calleeName);
    callee.setLinkage(LLVM::Linkage::Internal);
    module.getBody()->getOperations().insert(impl->getIterator(), callee);
  }
  impl.setSymName(implName);
  impl.setLinkage(LLVM::Linkage::Internal);
  if (failed(addAllocationChecks(impl)))
    return failure();

  OpBuilder b(ctx);
  b.setInsertionPointToEnd(module.getBody());
  Location loc = module.getLoc();
  auto i32 = IntegerType::get(ctx, 32);
  auto i64 = IntegerType::get(ctx, 64);

  // int32_t E(ptr...): returns 1 when a buffer is null, else runs the model and
  // returns its code (0, or 2 when scratch allocation failed).
  SmallVector<Type> params(numBuffers, ptrType);
  auto entry = LLVM::LLVMFuncOp::create(b, loc, sig.entry,
                                        LLVM::LLVMFunctionType::get(i32, params));
  {
    Block *body = entry.addEntryBlock(b);
    Block *run = new Block(), *fail = new Block();
    entry.getBody().push_back(run);
    entry.getBody().push_back(fail);
    b.setInsertionPointToStart(body);
    Value null = LLVM::ZeroOp::create(b, loc, ptrType);
    Value anyNull = LLVM::ConstantOp::create(b, loc, b.getI1Type(), 0);
    for (Value arg : body->getArguments()) {
      Value isNull = LLVM::ICmpOp::create(b, loc, LLVM::ICmpPredicate::eq, arg, null);
      anyNull = LLVM::OrOp::create(b, loc, anyNull, isNull);
    }
    // Input range checks, between the NULL check and the
    // call: for (i = 0; i < n; ++i) if (x[i] < -L || x[i] > L) return 3;
    Block *next = run;
    Block *outOfRange = nullptr;
    for (size_t k = sig.inputs.size(); k-- > 0;) {
      const TensorSignature &t = sig.inputs[k];
      if (!t.range)
        continue;
      Type elem = dtypeElementType(ctx, t.dtype);
      if (!elem || !isIntegerDtype(t.dtype))
        return module.emitError() << "range check on input '" << t.name
                                  << "' of non-integer dtype '" << t.dtype << "'";
      if (!outOfRange) {
        outOfRange = new Block();
        entry.getBody().push_back(outOfRange);
        b.setInsertionPointToStart(outOfRange);
        Value code3 = LLVM::ConstantOp::create(b, loc, i32, COMPRESS_ERROR_INPUT_RANGE);
        LLVM::ReturnOp::create(b, loc, code3);
      }
      int64_t count = 1;
      for (int64_t d : t.shape)
        count *= d;
      Block *pre = new Block(), *header = new Block(), *loopBody = new Block();
      entry.getBody().getBlocks().insert(next->getIterator(), pre);
      entry.getBody().getBlocks().insert(next->getIterator(), header);
      entry.getBody().getBlocks().insert(next->getIterator(), loopBody);
      Value idx = header->addArgument(i64, loc);
      b.setInsertionPointToStart(pre);
      Value zero = LLVM::ConstantOp::create(b, loc, i64, 0);
      LLVM::BrOp::create(b, loc, ValueRange{zero}, header);
      b.setInsertionPointToStart(header);
      Value n = LLVM::ConstantOp::create(b, loc, i64, count);
      Value more = LLVM::ICmpOp::create(b, loc, LLVM::ICmpPredicate::slt, idx, n);
      LLVM::CondBrOp::create(b, loc, more, loopBody, ValueRange{}, next, ValueRange{});
      b.setInsertionPointToStart(loopBody);
      Value ptr = LLVM::GEPOp::create(b, loc, ptrType, elem, body->getArgument(k),
                                      ValueRange{idx});
      Value v = LLVM::LoadOp::create(b, loc, elem, ptr);
      bool isUnsigned = isUnsignedDtype(t.dtype);
      if (elem.getIntOrFloatBitWidth() < 64)
        v = isUnsigned ? Value(LLVM::ZExtOp::create(b, loc, i64, v))
                       : Value(LLVM::SExtOp::create(b, loc, i64, v));
      Value hi = LLVM::ConstantOp::create(b, loc, i64, t.range);
      Value bad;
      if (isUnsigned) {
        bad = LLVM::ICmpOp::create(b, loc, LLVM::ICmpPredicate::ugt, v, hi);
      } else {
        Value lo = LLVM::ConstantOp::create(b, loc, i64, -t.range);
        Value below = LLVM::ICmpOp::create(b, loc, LLVM::ICmpPredicate::slt, v, lo);
        Value above = LLVM::ICmpOp::create(b, loc, LLVM::ICmpPredicate::sgt, v, hi);
        bad = LLVM::OrOp::create(b, loc, below, above);
      }
      Value one64 = LLVM::ConstantOp::create(b, loc, i64, 1);
      Value nextIdx = LLVM::AddOp::create(b, loc, idx, one64);
      LLVM::CondBrOp::create(b, loc, bad, outOfRange, ValueRange{}, header,
                             ValueRange{nextIdx});
      next = pre;
    }
    b.setInsertionPointToEnd(body);
    LLVM::CondBrOp::create(b, loc, anyNull, fail, ValueRange{}, next, ValueRange{});
    b.setInsertionPointToStart(run);
    auto code = LLVM::CallOp::create(b, loc, impl, body->getArguments());
    LLVM::ReturnOp::create(b, loc, code.getResult());
    b.setInsertionPointToStart(fail);
    Value one = LLVM::ConstantOp::create(b, loc, i32, 1);
    LLVM::ReturnOp::create(b, loc, one);
  }

  // int32_t E_packed(void **buffers): loads the pointers and calls E.
  b.setInsertionPointToEnd(module.getBody());
  auto packed = LLVM::LLVMFuncOp::create(b, loc, sig.entry + "_packed",
                                         LLVM::LLVMFunctionType::get(i32, {ptrType}));
  {
    Block *body = packed.addEntryBlock(b);
    b.setInsertionPointToStart(body);
    Value buffers = body->getArgument(0);
    Value null = LLVM::ZeroOp::create(b, loc, ptrType);
    Block *run = new Block(), *fail = new Block();
    packed.getBody().push_back(run);
    packed.getBody().push_back(fail);
    Value isNull = LLVM::ICmpOp::create(b, loc, LLVM::ICmpPredicate::eq, buffers, null);
    LLVM::CondBrOp::create(b, loc, isNull, fail, ValueRange{}, run, ValueRange{});
    b.setInsertionPointToStart(run);
    SmallVector<Value> args;
    for (size_t i = 0; i < numBuffers; ++i) {
      Value index = LLVM::ConstantOp::create(b, loc, i64, static_cast<int64_t>(i));
      Value slot = LLVM::GEPOp::create(b, loc, ptrType, ptrType, buffers, ValueRange{index});
      args.push_back(LLVM::LoadOp::create(b, loc, ptrType, slot));
    }
    auto call = LLVM::CallOp::create(b, loc, entry, args);
    LLVM::ReturnOp::create(b, loc, call.getResult());
    b.setInsertionPointToStart(fail);
    Value one = LLVM::ConstantOp::create(b, loc, i32, 1);
    LLVM::ReturnOp::create(b, loc, one);
  }

  // const char *E_info(void): the signature as JSON.
  b.setInsertionPointToEnd(module.getBody());
  auto info = LLVM::LLVMFuncOp::create(b, loc, sig.entry + "_info",
                                       LLVM::LLVMFunctionType::get(ptrType, {}));
  {
    Block *body = info.addEntryBlock(b);
    b.setInsertionPointToStart(body);
    // The scratch bytes compress-plan-buffers recorded on the entry function.
    ModelSignature withScratch = sig;
    if (auto bytes = impl->getAttrOfType<IntegerAttr>(kScratchBytesAttr))
      withScratch.scratchBytes = bytes.getInt();
    std::string json = signatureToJSON(withScratch);
    json.push_back('\0');
    Value str = LLVM::createGlobalString(loc, b, sig.entry + "_info_json", json,
                                         LLVM::Linkage::Internal);
    LLVM::ReturnOp::create(b, loc, str);
  }
  internalizeNonABISymbols(module, sig.entry);
  return success();
}

static std::string macroName(StringRef text) {
  std::string out;
  for (char c : text)
    out.push_back(llvm::isAlnum(c) ? llvm::toUpper(c) : '_');
  return out;
}

/// Text for a C comment: "*/" would end it early.
static std::string commentSafe(StringRef text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    out.push_back(text[i]);
    if (text[i] == '*' && i + 1 < text.size() && text[i + 1] == '/')
      out.push_back(' ');
    if (text[i] == '/' && i + 1 < text.size() && text[i + 1] == '*')
      out.push_back(' ');
  }
  return out;
}

std::string compress::generateCHeader(const ModelSignature &sig, StringRef sourceName) {
  std::string text;
  llvm::raw_string_ostream os(text);
  std::string guard = "COMPRESS_MODEL_" + macroName(sig.entry) + "_H";
  std::string prefix = macroName(sig.entry);
  os << "/* Generated by compress-compile from " << commentSafe(sourceName) << ". Do not edit. */\n"
     << "#ifndef " << guard << "\n#define " << guard << "\n\n#include <stdint.h>\n\n"
     << "#ifdef __cplusplus\nextern \"C\" {\n#endif\n\n"
     ;
  // A float32-only model keeps the header it always had.
  bool allFloat32 = llvm::all_of(sig.inputs, [](const TensorSignature &t) {
    return t.dtype == "float32";
  }) && llvm::all_of(sig.outputs, [](const TensorSignature &t) { return t.dtype == "float32"; });
  if (allFloat32)
    os << "/* Buffers are dense, row-major float32 in ONNX layout (NCHW at the boundary).\n";
  else
    os << "/* Buffers are dense, row-major, in ONNX layout (NCHW at the boundary), of the\n"
       << " * element type each parameter declares (float16 and bfloat16 are passed as\n"
       << " * their raw uint16_t bits, bool as uint8_t holding 0 or 1).\n";
  os << " * Returns 0 on success, 1 (COMPRESS_ERROR_NULL_BUFFER) when a buffer is NULL,\n"
     << " * 2 (COMPRESS_ERROR_OUT_OF_MEMORY) when scratch memory could not be allocated\n"
     << " * (the outputs are then unspecified and nothing is leaked)";
  bool anyRange = llvm::any_of(sig.inputs, [](const TensorSignature &t) { return t.range; });
  if (anyRange)
    os << ",\n * 3 (COMPRESS_ERROR_INPUT_RANGE) when an element of an input with a range\n"
       << " * [-L, L] below lies outside it (the model is then not run)";
  os << ".\n"
     << " * The function may be called from several threads at once. */\n";
  auto dims = [](ArrayRef<int64_t> shape) {
    std::string s;
    for (auto [i, d] : llvm::enumerate(shape))
      s += (i ? "x" : "") + std::to_string(d);
    return s;
  };
  // float32 tensors keep the comment they always had; others name their dtype.
  auto describe = [&](const TensorSignature &t) {
    std::string s = "'" + commentSafe(t.name) + "' " + dims(t.shape);
    if (t.dtype != "float32")
      s += " " + t.dtype;
    if (t.range)
      s += " range [-" + std::to_string(t.range) + ", " + std::to_string(t.range) + "]";
    return s;
  };
  os << "int32_t " << sig.entry << "(";
  size_t n = 0;
  for (const auto &t : sig.inputs)
    os << (n++ ? ",\n    " : "") << "const " << dtypeCType(t.dtype) << " *in" << n - 1
       << " /* " << describe(t) << " */";
  size_t m = 0;
  for (const auto &t : sig.outputs)
    os << (n++ ? ",\n    " : "") << dtypeCType(t.dtype) << " *out" << m++ << " /* "
       << describe(t) << " */";
  os << ");\n\n/* The same with buffers[] = inputs in order, then outputs in order. */\n"
     << "int32_t " << sig.entry << "_packed(void **buffers);\n\n"
     << "/* The signature as JSON: entry, inputs and outputs with name, dtype, shape. */\n"
     << "const char *" << sig.entry << "_info(void);\n\n";
  // Intra-op threads (lib/Target/ThreadRuntime.c)
  os << "/* Threads per call from now on, for every thread of the process: n in [1, 1024],\n"
     << "   or 0 for the default (COMPRESS_NUM_THREADS when it is an integer in [1, 1024],\n"
     << "   else the cores this process may run on). Returns 0, or -1 for other n. Calls\n"
     << "   running at the same time share the count; a call made inside an OpenMP\n"
     << "   parallel region runs on its thread alone. Results do not depend on it. */\n"
     << "int32_t " << sig.entry << "_set_num_threads(int32_t n);\n\n"
     << "/* The threads a call uses when no other call of this library runs. */\n"
     << "int32_t " << sig.entry << "_get_num_threads(void);\n\n";
  if (sig.scratchBytes >= 0)
    os << "/* Heap scratch memory one call uses besides its inputs and outputs, in bytes:\n"
       << "   the model's buffer arena, held by the library (zero-initialized data, paged\n"
       << "   in on first use) up to 512 MiB, else allocated per call; a call made while\n"
       << "   another call of this model runs allocates its own. */\n"
       << "#define " << prefix << "_SCRATCH_BYTES " << sig.scratchBytes << "\n";
  os << "#define " << prefix << "_NUM_INPUTS " << sig.inputs.size() << "\n";
  os << "#define " << prefix << "_NUM_OUTPUTS " << sig.outputs.size() << "\n";
  auto macros = [&](ArrayRef<TensorSignature> list, StringRef kind) {
    for (auto [i, t] : llvm::enumerate(list)) {
      int64_t count = 1;
      for (int64_t d : t.shape)
        count *= d;
      os << "#define " << prefix << "_" << kind << i << "_RANK " << t.shape.size() << "\n";
      os << "#define " << prefix << "_" << kind << i << "_SHAPE {";
      for (auto [j, d] : llvm::enumerate(t.shape))
        os << (j ? ", " : "") << d;
      os << "}\n#define " << prefix << "_" << kind << i << "_NUM_ELEMENTS " << count << "\n";
      if (t.dtype != "float32" || t.range) {
        os << "#define " << prefix << "_" << kind << i << "_DTYPE \"" << t.dtype << "\"\n";
        os << "typedef " << dtypeCType(t.dtype) << " " << prefix << "_" << kind << i
           << "_ELEMENT_TYPE;\n";
      }
      if (t.range)
        os << "#define " << prefix << "_" << kind << i << "_RANGE " << t.range << "\n";
    }
  };
  macros(sig.inputs, "INPUT");
  macros(sig.outputs, "OUTPUT");
  os << "\n#ifdef __cplusplus\n}\n#endif\n\n#endif /* " << guard << " */\n";
  return text;
}
