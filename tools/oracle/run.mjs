// Reference runtime: runs an ONNX model with ONNX Runtime (CPU) on .npy inputs.
//   node run.mjs model.onnx --out DIR [--threads N] [--repeat N] in0.npy [in1.npy ...]
// Each input file is one sample for the model's first input; output k of sample
// <stem>.npy is written to DIR/<stem>.out<k>.npy. With --repeat N, prints
// `median_ms=<x> min_ms=<y>` for the first sample (after one warm-up run).
//   node run.mjs model.onnx --out DIR --all-inputs in0.npy in1.npy ...
// With --all-inputs the files are one sample: the model's inputs in order, of any
// dtype (int64, bool, uint8, float16, ...); output k goes to DIR/out<k>.npy in
// its own dtype.
import ort from "onnxruntime-node";
import fs from "node:fs";
import path from "node:path";
import { readNpy, readNpyTyped, writeNpy, writeNpyTyped } from "./npy.mjs";

const args = process.argv.slice(2);
let model, outDir = null, threads = 1, repeat = 0, allInputs = false;
const inputs = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--out") outDir = args[++i];
  else if (args[i] === "--all-inputs") allInputs = true;
  else if (args[i] === "--threads") threads = Number(args[++i]);
  else if (args[i] === "--repeat") repeat = Number(args[++i]);
  else if (!model) model = args[i];
  else inputs.push(args[i]);
}
if (!model || inputs.length === 0) {
  console.error("usage: node run.mjs model.onnx [--out DIR] [--threads N] [--repeat N] in.npy...");
  process.exit(2);
}
if (outDir !== null) {
  // --out DIR is created when missing (as mkdir -p); a path that is a file is an error.
  try {
    fs.mkdirSync(outDir, { recursive: true });
  } catch (e) {
    console.error(`run.mjs: --out ${outDir}: ${e.code === "EEXIST" ? "exists and is not a folder" : e.message}`);
    process.exit(2);
  }
}
const session = await ort.InferenceSession.create(model, {
  intraOpNumThreads: threads, interOpNumThreads: 1, executionMode: "sequential",
  graphOptimizationLevel: "all",
});
if (allInputs) {
  if (inputs.length !== session.inputNames.length) {
    console.error(`run.mjs: the model has ${session.inputNames.length} inputs, got ${inputs.length} files`);
    process.exit(2);
  }
  const feeds = {};
  session.inputNames.forEach((name, k) => {
    const { type, shape, data } = readNpyTyped(inputs[k]);
    feeds[name] = new ort.Tensor(type, data, shape);
  });
  const results = await session.run(feeds);
  session.outputNames.forEach((name, k) => {
    const t = results[name];
    writeNpyTyped(path.join(outDir, `out${k}.npy`), t.type, t.dims, t.data);
  });
  process.exit(0);
}
const inputName = session.inputNames[0];
for (const file of inputs) {
  const { shape, data } = readNpy(file);
  const feeds = { [inputName]: new ort.Tensor("float32", data, shape) };
  const results = await session.run(feeds);
  if (outDir) {
    session.outputNames.forEach((name, k) => {
      const t = results[name];
      writeNpy(path.join(outDir, `${path.basename(file, ".npy")}.out${k}.npy`), t.dims, t.data);
    });
  }
}
if (repeat > 0) {
  const { shape, data } = readNpy(inputs[0]);
  const feeds = { [inputName]: new ort.Tensor("float32", data, shape) };
  await session.run(feeds);
  const times = [];
  for (let r = 0; r < repeat; r++) {
    const t0 = process.hrtime.bigint();
    await session.run(feeds);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  times.sort((a, b) => a - b);
  console.log(`median_ms=${times[Math.floor(times.length / 2)].toFixed(4)} min_ms=${times[0].toFixed(4)}`);
}
