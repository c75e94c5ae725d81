//===- Codegen.cpp - LLVM dialect module to object file and shared library ===//
#include "compress/Target/Codegen.h"

#include "llvm/ADT/ScopeExit.h"
#include "llvm/Support/Signals.h"

#include <csignal>

#include "mlir/Target/LLVMIR/Export.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Analysis/CGSCCPassManager.h"
#include "llvm/Analysis/LoopAnalysisManager.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/PassManager.h"
#include "llvm/IR/Verifier.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/Target/TargetOptions.h"
#include "llvm/TargetParser/Host.h"

using namespace mlir;
using namespace mlir::compress;

/// The triple of `options` (empty: the host's) and its registered target, or null
/// with `error` set. Initializes the native target once.
static const llvm::Target *lookupTarget(const CodegenOptions &options, llvm::Triple &triple,
                                        std::string &error) {
  static bool initialized = [] {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
    return true;
  }();
  (void)initialized;
  triple = llvm::Triple(options.triple.empty() ? llvm::sys::getDefaultTargetTriple()
                                               : options.triple);
  return llvm::TargetRegistry::lookupTarget(triple, error);
}

/// The CPU to compile for and the features that come with it: with no --mcpu (or
/// "native") and no --target, the host's CPU and its features (AVX2 popcount, FMA,
/// AVX-512 ... depend on them); "generic" for native on another target; else
/// --mcpu as given, no features. Returns whether the CPU was native.
static bool resolveCPU(const CodegenOptions &options, std::string &cpu,
                       llvm::SmallVectorImpl<std::string> &features) {
  cpu = options.cpu;
  bool native = options.cpu.empty() || options.cpu == "native";
  if (native && options.triple.empty()) {
    cpu = llvm::sys::getHostCPUName().str();
    for (const auto &feature : llvm::sys::getHostCPUFeatures())
      features.push_back((feature.second ? "+" : "-") + feature.first().str());
  } else if (native) {
    cpu = "generic";
  }
  return native;
}

static llvm::Expected<std::unique_ptr<llvm::TargetMachine>>
createTargetMachine(const CodegenOptions &options) {
  llvm::Triple triple;
  std::string error;
  const llvm::Target *target = lookupTarget(options, triple, error);
  if (!target)
    return llvm::createStringError("unknown target '" + triple.str() + "': " + error);

  std::string cpu;
  llvm::SmallVector<std::string> features;
  bool native = resolveCPU(options, cpu, features);
  // Check the CPU and the user's features against the target's tables first: LLVM
  // would only warn ("not a recognized feature ... ignoring"), once per function, and
  // compile for another CPU than asked.
  {
    std::unique_ptr<llvm::MCSubtargetInfo> info(
        target->createMCSubtargetInfo(triple, "", ""));
    if (!info)
      return llvm::createStringError("cannot describe target '" + triple.str() + "'");
    if (!native && !info->isCPUStringValid(cpu))
      return llvm::createStringError("unknown CPU '" + cpu + "' for target '" + triple.str() +
                                     "' (see llc-22 -mtriple=" + triple.str() +
                                     " -mcpu=help)");
    llvm::SmallVector<llvm::StringRef> requested;
    llvm::StringRef(options.features).split(requested, ',', -1, /*KeepEmpty=*/false);
    for (llvm::StringRef f : requested) {
      f = f.trim();
      if (f.size() < 2 || (f[0] != '+' && f[0] != '-'))
        return llvm::createStringError("bad target feature '" + f.str() +
                                       "': write +name or -name, e.g. +avx2,-avx512f");
      llvm::StringRef name = f.drop_front();
      if (!llvm::any_of(info->getAllProcessorFeatures(),
                        [&](const llvm::SubtargetFeatureKV &kv) { return name == kv.Key; }))
        return llvm::createStringError("unknown target feature '" + name.str() +
                                       "' for target '" + triple.str() + "' (see llc-22 -mtriple=" +
                                       triple.str() + " -mattr=help)");
      features.push_back(f.str());
    }
  }
  std::string featureString = llvm::join(features, ",");

  llvm::TargetOptions targetOptions;
  llvm::CodeGenOptLevel level = options.optLevel == 0   ? llvm::CodeGenOptLevel::None
                                : options.optLevel == 1 ? llvm::CodeGenOptLevel::Less
                                : options.optLevel == 2 ? llvm::CodeGenOptLevel::Default
                                                        : llvm::CodeGenOptLevel::Aggressive;
  std::unique_ptr<llvm::TargetMachine> machine(target->createTargetMachine(
      triple, cpu, featureString, targetOptions, llvm::Reloc::PIC_, std::nullopt, level));
  if (!machine)
    return llvm::createStringError("cannot create a target machine for '" + triple.str() +
                                   "' cpu '" + cpu + "'");
  return machine;
}

unsigned compress::vectorRegisterBits(const CodegenOptions &options) {
  llvm::Triple triple;
  std::string error;
  const llvm::Target *target = lookupTarget(options, triple, error);
  if (!target || !triple.isX86())
    return 128;
  std::string cpu;
  llvm::SmallVector<std::string> features;
  resolveCPU(options, cpu, features);
  std::unique_ptr<llvm::MCSubtargetInfo> info(
      target->createMCSubtargetInfo(triple, "", ""));
  if (!info || !info->isCPUStringValid(cpu))
    return 128;
  // Only the user's features LLVM knows: an unknown one would make LLVM print its
  // "not a recognized feature" warning here, before createTargetMachine refuses
  // it with a proper error.
  llvm::SmallVector<llvm::StringRef> requested;
  llvm::StringRef(options.features).split(requested, ',', -1, /*KeepEmpty=*/false);
  for (llvm::StringRef f : requested) {
    f = f.trim();
    if (f.size() >= 2 && (f[0] == '+' || f[0] == '-') &&
        llvm::any_of(info->getAllProcessorFeatures(),
                     [&](const llvm::SubtargetFeatureKV &kv) { return f.drop_front() == kv.Key; }))
      features.push_back(f.str());
  }
  info.reset(target->createMCSubtargetInfo(triple, cpu, llvm::join(features, ",")));
  auto has = [&](llvm::StringRef name) {
    for (const llvm::SubtargetFeatureKV &kv : info->getAllProcessorFeatures())
      if (name == kv.Key)
        return info->hasFeature(kv.Value);
    return false;
  };
  if (has("avx512f") && !has("prefer-256-bit"))
    return 512;
  if (has("avx2") || has("avx"))
    return 256;
  return 128;
}

std::vector<std::string> compress::featuresMissingOnHost(const CodegenOptions &options) {
  bool native = options.cpu.empty() || options.cpu == "native";
  if (native || !options.triple.empty())
    return {};
  llvm::Triple triple;
  std::string error;
  const llvm::Target *target = lookupTarget(options, triple, error); // the host's
  if (!target)
    return {};
  std::unique_ptr<llvm::MCSubtargetInfo> info(
      target->createMCSubtargetInfo(triple, "", ""));
  if (!info || !info->isCPUStringValid(options.cpu))
    return {};
  // The CPU's features, with the user's +/- applied (they were checked before).
  info.reset(target->createMCSubtargetInfo(triple, options.cpu, options.features));
  llvm::StringMap<bool> host = llvm::sys::getHostCPUFeatures();
  std::vector<std::string> missing;
  for (const llvm::SubtargetFeatureKV &kv : info->getAllProcessorFeatures()) {
    auto it = host.find(kv.Key);
    // Only features the host detection reports (others are tuning flags), and only
    // the instruction-set extensions generated arithmetic uses (not, e.g., system
    // instructions like xsaves that a virtual machine may hide).
    llvm::StringRef key(kv.Key);
    bool arithmetic = llvm::any_of(
        llvm::ArrayRef<llvm::StringRef>{"sse", "ssse", "avx", "fma", "f16c", "popcnt", "bmi",
                                        "lzcnt", "amx", "gfni", "vaes", "vpclmulqdq", "neon",
                                        "sve", "fp16", "bf16", "dotprod", "i8mm"},
        [&](llvm::StringRef prefix) { return key.starts_with(prefix); });
    if (arithmetic && it != host.end() && !it->second && info->hasFeature(kv.Value))
      missing.push_back(kv.Key);
  }
  llvm::sort(missing);
  return missing;
}

llvm::Expected<std::unique_ptr<llvm::Module>>
compress::translateAndOptimize(ModuleOp module, llvm::LLVMContext &context,
                               const CodegenOptions &options) {
  auto machine = createTargetMachine(options);
  if (!machine)
    return machine.takeError();
  std::unique_ptr<llvm::Module> llvmModule = translateModuleToLLVMIR(module, context);
  if (!llvmModule)
    return llvm::createStringError("translation to LLVM IR failed");
  llvmModule->setTargetTriple((*machine)->getTargetTriple());
  llvmModule->setDataLayout((*machine)->createDataLayout());
  // Every function gets the target's CPU and features so the optimizer and the
  // code generator agree (vector widths, popcount).
  for (llvm::Function &fn : *llvmModule) {
    if (fn.isDeclaration())
      continue;
    fn.addFnAttr("target-cpu", (*machine)->getTargetCPU());
    if (!(*machine)->getTargetFeatureString().empty())
      fn.addFnAttr("target-features", (*machine)->getTargetFeatureString());
  }

  llvm::LoopAnalysisManager lam;
  llvm::FunctionAnalysisManager fam;
  llvm::CGSCCAnalysisManager cgam;
  llvm::ModuleAnalysisManager mam;
  llvm::PipelineTuningOptions tuning;
  tuning.LoopVectorization = options.optLevel >= 2;
  tuning.SLPVectorization = options.optLevel >= 2;
  llvm::PassBuilder pb(machine->get(), tuning);
  pb.registerModuleAnalyses(mam);
  pb.registerCGSCCAnalyses(cgam);
  pb.registerFunctionAnalyses(fam);
  pb.registerLoopAnalyses(lam);
  pb.crossRegisterProxies(lam, fam, cgam, mam);
  llvm::OptimizationLevel level = options.optLevel == 0   ? llvm::OptimizationLevel::O0
                                  : options.optLevel == 1 ? llvm::OptimizationLevel::O1
                                  : options.optLevel == 2 ? llvm::OptimizationLevel::O2
                                                          : llvm::OptimizationLevel::O3;
  llvm::ModulePassManager mpm = level == llvm::OptimizationLevel::O0
                                    ? pb.buildO0DefaultPipeline(level)
                                    : pb.buildPerModuleDefaultPipeline(level);
  mpm.run(*llvmModule, mam);
  if (llvm::verifyModule(*llvmModule, &llvm::errs()))
    return llvm::createStringError("the optimized LLVM module does not verify");
  return std::move(llvmModule);
}

llvm::Error compress::emitObjectFile(llvm::Module &module, const CodegenOptions &options,
                                     llvm::SmallVectorImpl<char> &object) {
  auto machine = createTargetMachine(options);
  if (!machine)
    return machine.takeError();
  llvm::raw_svector_ostream os(object);
  llvm::legacy::PassManager pm;
  if ((*machine)->addPassesToEmitFile(pm, os, nullptr, llvm::CodeGenFileType::ObjectFile))
    return llvm::createStringError("the target cannot emit object files");
  pm.run(module);
  return llvm::Error::success();
}

// Intra-op threads.
llvm::StringRef compress::threadRuntimeSource() {
  static const char source[] =
#include "ThreadRuntimeSource.inc"
      ;
  return source;
}

llvm::Error compress::linkSharedLibrary(llvm::ArrayRef<char> object, llvm::StringRef outputPath,
                                        llvm::ArrayRef<std::string> extraLibraries,
                                        llvm::StringRef threadRuntimeEntry) {
  auto linker = llvm::sys::findProgramByName("clang-22");
  if (!linker)
    linker = llvm::sys::findProgramByName("clang", {"/usr/lib/llvm-22/bin"});
  if (!linker)
    return llvm::createStringError("cannot find clang-22 to link the shared library "
                                   "(install clang-22 and lld-22: scripts/setup.sh)");
  llvm::SmallString<128> objectPath;
  if (auto ec = llvm::sys::fs::createTemporaryFile("compress-model", "o", objectPath))
    return llvm::createStringError(ec, "cannot create a temporary object file");
  // Removed on return (FileRemover) and when the process is killed by a signal
  // (e.g. Ctrl-C during the link).
  llvm::FileRemover removeObject(objectPath);
  llvm::sys::RemoveFileOnSignal(objectPath);
  llvm::scope_exit forgetObject([&] { llvm::sys::DontRemoveFileOnSignal(objectPath); });
  {
    std::error_code ec;
    llvm::raw_fd_ostream os(objectPath, ec);
    if (ec)
      return llvm::createStringError(ec, "cannot write " + objectPath.str());
    os.write(object.data(), object.size());
  }
  // Link next to the output, then rename: a failed link never leaves a
  // truncated library behind, and an existing one is replaced atomically.
  llvm::SmallString<128> tempPath(outputPath);
  tempPath += ".tmp%%%%%%";
  int fd;
  llvm::SmallString<128> uniquePath;
  if (auto ec = llvm::sys::fs::createUniqueFile(tempPath, fd, uniquePath))
    return llvm::createStringError(ec, "cannot create a file next to '" + outputPath.str() + "'");
  llvm::sys::Process::SafelyCloseFileDescriptor(fd);
  llvm::FileRemover removeTemp(uniquePath);
  llvm::sys::RemoveFileOnSignal(uniquePath);
  llvm::scope_exit forgetTemp([&] { llvm::sys::DontRemoveFileOnSignal(uniquePath); });
  // -Bsymbolic: E_packed calls E, E calls E_impl inside the library; a symbol of
  // the same name loaded earlier into the process must not take those calls.
  std::vector<std::string> argStrings = {*linker, "-shared", "-fuse-ld=lld", "-Wl,-Bsymbolic",
                                         "-o", uniquePath.str().str(), objectPath.str().str()};
  for (const auto &lib : extraLibraries)
    argStrings.push_back(lib);
  // Intra-op threads: the thread runtime and libomp.
  llvm::SmallString<128> runtimePath;
  std::optional<llvm::FileRemover> removeRuntime;
  if (!threadRuntimeEntry.empty()) {
    int runtimeFd;
    if (auto ec = llvm::sys::fs::createTemporaryFile("compress-threads", "c", runtimeFd,
                                                     runtimePath))
      return llvm::createStringError(ec, "cannot create a temporary C file");
    removeRuntime.emplace(runtimePath);
    llvm::sys::RemoveFileOnSignal(runtimePath);
    {
      llvm::raw_fd_ostream os(runtimeFd, /*shouldClose=*/true);
      os << threadRuntimeSource();
    }
    argStrings.insert(argStrings.end(),
                      {"-O2", "-fPIC", "-fvisibility=hidden",
                       "-DCOMPRESS_ENTRY=" + threadRuntimeEntry.str(), runtimePath.str().str(),
                       "-L" COMPRESS_LIBOMP_DIR, "-lomp", "-Wl,-rpath," COMPRESS_LIBOMP_DIR});
  }
  llvm::scope_exit forgetRuntime([&] {
    if (!runtimePath.empty())
      llvm::sys::DontRemoveFileOnSignal(runtimePath);
  });
  argStrings.push_back("-lm");
  std::vector<llvm::StringRef> args(argStrings.begin(), argStrings.end());
  std::string message;
  int rc = llvm::sys::ExecuteAndWait(*linker, args, std::nullopt, {}, 0, 0, &message);
  if (rc != 0)
    return llvm::createStringError("linking the shared library failed (" + *linker +
                                   " exit " + std::to_string(rc) + ") " + message);
  if (auto ec = llvm::sys::fs::rename(uniquePath, outputPath))
    return llvm::createStringError(ec, "cannot write '" + outputPath.str() + "'");
  removeTemp.releaseFile();
  return llvm::Error::success();
}

static void pipeSignalHandler(int) {
  // Async-signal-safe: unlinks the files registered with RemoveFileOnSignal.
  llvm::sys::RunInterruptHandlers();
  // Die of the signal, as without this handler: SIGPIPE is blocked while the
  // handler runs, so the raised one is delivered, with the default action, on return.
  std::signal(SIGPIPE, SIG_DFL);
  std::raise(SIGPIPE);
}

void compress::removeFilesOnPipeSignal() {
  struct sigaction old = {};
  if (sigaction(SIGPIPE, nullptr, &old) != 0 || old.sa_handler != SIG_DFL ||
      (old.sa_flags & SA_SIGINFO))
    return;
  struct sigaction action = {};
  action.sa_handler = pipeSignalHandler;
  sigemptyset(&action.sa_mask);
  sigaction(SIGPIPE, &action, nullptr);
}

std::string compress::checkOutputPath(llvm::StringRef path, llvm::StringRef inputPath,
                                      llvm::StringRef what, bool discardsDevNull) {
  if (path == "-" || (path == "/dev/null" && discardsDevNull))
    return "";
  llvm::sys::fs::file_status status;
  if (!llvm::sys::fs::status(path, status) && llvm::sys::fs::exists(status) &&
      !llvm::sys::fs::is_regular_file(status))
    return ("refusing to write the " + what + " to '" + path +
            "': it exists and is not a regular file")
        .str();
  if (inputPath != "-" && llvm::sys::fs::equivalent(path, inputPath))
    return ("refusing to write the " + what + " to '" + path + "': it is the input file").str();
  return "";
}
