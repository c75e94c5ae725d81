//===- PassOptionErrors.cpp - one clean line for a bad pass option --------===//
//
// llvm::cl reports a bad pass option value straight to stderr, and MLIR then adds
// an empty `<unknown>:0: error:` (and, for --pass-pipeline, "failed to add ...").
// compress-opt sets its pipeline up through setupPipelineWithCleanErrors, which
// holds stderr back while the pipeline is set up and, on failure, prints one error
// naming the pass, the option and an enum option's values.
//
#include "PassOptionErrors.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Signals.h"
#include "llvm/Support/WithColor.h"

#include <cstring>
#include <unistd.h>

namespace {
/// Runs `fn` with file descriptor `fd` (stdout or stderr) redirected to a temporary
/// file and returns what it wrote there (everything, when the redirection fails).
std::string captureOutput(int fd, llvm::function_ref<void()> fn) {
  // llvm::errs() is unbuffered; llvm::outs() is flushed only when it is captured
  // (flushing it otherwise would change how stdout and stderr interleave).
  if (fd == STDOUT_FILENO)
    llvm::outs().flush();
  llvm::SmallString<128> path;
  int tempFd = -1;
  int saved = dup(fd);
  if (saved < 0 || llvm::sys::fs::createTemporaryFile("compress-opt", "txt", tempFd, path)) {
    if (saved >= 0)
      close(saved);
    fn();
    return "";
  }
  llvm::sys::RemoveFileOnSignal(path);
  dup2(tempFd, fd);
  fn();
  if (fd == STDOUT_FILENO)
    llvm::outs().flush();
  dup2(saved, fd);
  close(saved);
  close(tempFd);
  auto buffer = llvm::MemoryBuffer::getFile(path);
  llvm::sys::fs::remove(path);
  llvm::sys::DontRemoveFileOnSignal(path);
  return buffer ? (*buffer)->getBuffer().str() : "";
}

/// The values the enum option `option` of pass `passArg` takes (its help lists
/// them as "=value" lines under "--option=<value>"); empty for other options.
std::vector<std::string> allowedValues(llvm::StringRef passArg, llvm::StringRef option) {
  const mlir::PassInfo *info = mlir::PassInfo::lookup(passArg);
  if (!info)
    return {};
  std::string help = captureOutput(STDOUT_FILENO, [&] { info->printHelpStr(0, 40); });
  std::vector<std::string> values;
  bool inOption = false;
  llvm::SmallVector<llvm::StringRef> lines;
  llvm::StringRef(help).split(lines, '\n');
  for (llvm::StringRef line : lines) {
    line = line.trim();
    if (line.starts_with("--"))
      inOption = line.starts_with(("--" + option + "=").str());
    else if (inOption && line.starts_with("="))
      values.push_back(line.drop_front().split(' ').first.str());
  }
  return values;
}

/// Wraps the setup of the command line's pass pipeline (--pass-pipeline,
/// --<pass>=<options>). A bad pass option value is reported by llvm::cl's parser
/// straight to stderr, and MLIR then adds an empty `<unknown>:0: error:` (and, for
/// --pass-pipeline, "failed to add `pass` with options `...`"); this reports it as
/// one error naming the pass, the option and, for an enum option, its values.
} // namespace

mlir::LogicalResult compress_opt::setupPipelineWithCleanErrors(const mlir::MlirOptMainConfig &original,
                                                 mlir::PassManager &pm,
                                                 llvm::ArrayRef<std::string> args) {
  std::vector<std::string> messages;
  mlir::LogicalResult result = mlir::failure();
  std::string clText = captureOutput(STDERR_FILENO, [&] {
    mlir::ScopedDiagnosticHandler handler(pm.getContext(), [&](mlir::Diagnostic &diag) {
      if (diag.getSeverity() != mlir::DiagnosticSeverity::Error)
        return mlir::failure(); // not ours: printed as usual
      messages.push_back(diag.str());
      return mlir::success();
    });
    result = original.setupPassPipeline(pm);
  });
  if (mlir::succeeded(result)) {
    llvm::errs() << clText; // e.g. --dump-pass-pipeline
    for (const std::string &message : messages)
      llvm::WithColor::error(llvm::errs(), "compress-opt") << message << "\n";
    return mlir::success(messages.empty());
  }
  // The pass: from "failed to add `pass` with options `...`" (--pass-pipeline).
  std::string pass, reason;
  for (llvm::StringRef message : messages) {
    if (size_t at = message.find("failed to add `"); at != llvm::StringRef::npos) {
      pass = message.substr(at + strlen("failed to add `")).split('`').first.str();
      message = message.take_front(at);
    }
    message = message.trim();
    message.consume_front("<Pass-Options-Parser>: ");
    if (!message.empty() && reason.empty())
      reason = message.str();
  }
  // llvm::cl's "<tool>: for the --scope option: Cannot find option named 'bogus'!".
  std::string option;
  llvm::StringRef cl = llvm::StringRef(clText).trim();
  if (size_t at = cl.find("for the --"); at != llvm::StringRef::npos) {
    auto [name, why] = cl.substr(at + strlen("for the --")).split(" option: ");
    option = name.str();
    reason = why.split('\n').first.str();
  } else if (!cl.empty() && reason.empty()) {
    reason = cl.str();
  }
  // The pass of a --<pass>=<options> flag whose options set that option.
  std::string named = option;
  if (named.empty() && llvm::StringRef(reason).starts_with("no such option "))
    named = llvm::StringRef(reason).drop_front(strlen("no such option ")).trim().str();
  if (pass.empty() && !named.empty())
    for (llvm::StringRef arg : args) {
      auto [flag, options] = arg.ltrim('-').split('=');
      if (mlir::PassInfo::lookup(flag) &&
          (options.starts_with(named + "=") || options.contains(" " + named + "=") ||
           options.contains("{" + named + "="))) {
        pass = flag.str();
        break;
      }
    }
  if (llvm::StringRef(reason).contains(": error: ")) {
    // Already a located diagnostic, e.g. the textual pipeline parser's.
    llvm::errs() << reason << "\n";
    return mlir::failure();
  }
  std::string text;
  llvm::raw_string_ostream os(text);
  if (!pass.empty())
    os << pass << ": ";
  if (!option.empty()) {
    os << "for the --" << option << " option: " << reason;
    std::vector<std::string> values = allowedValues(pass, option);
    if (!values.empty())
      os << " (allowed: " << llvm::join(values, ", ") << ")";
  } else {
    os << (reason.empty() ? "invalid pass pipeline" : reason);
  }
  llvm::WithColor::error(llvm::errs(), "compress-opt") << text << "\n";
  return mlir::failure();
}
