# lit configuration for compress's regression and execution tests.
import os
import lit.formats
from lit.llvm import llvm_config
from lit.llvm.subst import ToolSubst

config.name = "compress"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".test", ".py"]
config.excludes = ["Inputs", "lit.cfg.py", "lit.site.cfg.py"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.compress_obj_root, "test")

config.environment["FILECHECK_OPTS"] = "-enable-var-scope --allow-unused-prefixes=false"
llvm_config.with_system_environment(["HOME", "TMPDIR", "PATH"])
llvm_config.use_default_substitutions()

config.substitutions.append(("%PATH%", config.environment["PATH"]))
config.substitutions.append(("%python", "/usr/bin/python3"))
config.substitutions.append(("%src_root", config.compress_src_root))
config.substitutions.append(("%build_root", config.compress_obj_root))
config.substitutions.append(("%mlir_lib_dir", config.mlir_lib_dir))
config.substitutions.append(
    ("%mlir_runner_utils", os.path.join(config.mlir_lib_dir, "libmlir_runner_utils.so")))
config.substitutions.append(
    ("%mlir_c_runner_utils", os.path.join(config.mlir_lib_dir, "libmlir_c_runner_utils.so")))

tool_dirs = [config.compress_tools_dir, config.llvm_tools_dir, "/usr/bin"]
tools = ["compress-opt", "compress-compile", "compress-run", "mlir-opt", "mlir-runner",
         "mlir-translate", "protoc", "clang-22", "not", "llvm-nm", "llvm-objdump"]
llvm_config.add_tool_substitutions(tools, tool_dirs)

# Model tests need the fetched PaddleOCR model and ONNX Runtime (scripts/setup.sh).
model_cache = os.environ.get("COMPRESS_MODEL_CACHE",
                             os.path.join(config.compress_src_root, ".cache", "models"))
config.substitutions.append(("%model_cache", model_cache))
if os.path.exists(os.path.join(model_cache, "ch_ppocr_mobile_v2.0_cls_infer.onnx")):
    config.available_features.add("paddleocr-models")
if os.path.isdir(os.path.join(config.compress_src_root, "tools", "oracle", "node_modules",
                              "onnxruntime-node")):
    config.available_features.add("onnxruntime")
# The model zoo (scripts/model-zoo.py) exports torchvision's models: Debian's
# python3-torchvision (with python3-torch), installed by scripts/setup.sh.
if os.path.isdir("/usr/lib/python3/dist-packages/torchvision"):
    config.available_features.add("torchvision")
# Fashion-MNIST's test images from Debian's dataset-fashion-mnist (scripts/setup.sh), for the
# trained binary network's test (test/Models/fmnist-bnn.test).
if os.path.exists("/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz"):
    config.available_features.add("fashion-mnist")
if os.path.isdir("/usr/share/libonnx-testdata/data/node"):
    config.available_features.add("onnx-testdata")
# A host with AMX (Sapphire Rapids and later) can run --mcpu=sapphirerapids code.
try:
    if "amx_tile" in open("/proc/cpuinfo").read():
        config.available_features.add("host-amx")
except OSError:
    pass
# Tools built with ASan + UBSan (COMPRESS_ENABLE_SANITIZERS, the sanitizer stage of
# scripts/test.sh): a test that limits the address space cannot run under ASan's shadow.
if getattr(config, "compress_sanitizers", False):
    config.available_features.add("asan")

# Intra-op threads.
# mlir-runner tests of code lowered with compress-lower-to-llvm{parallel=true} need the
# thread runtime (lib/Target/ThreadRuntime.c, built as lib/libcompress_rt.so) and libomp.
config.substitutions.append(
    ("%compress_rt", os.path.join(config.compress_obj_root, "lib", "libcompress_rt.so")))
config.substitutions.append(("%libomp", os.path.join(config.mlir_lib_dir, "libomp.so")))
