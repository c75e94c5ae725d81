// Minimal .npy (NumPy format 1.0-3.0) reader/writer for C-order arrays: readNpy /
// writeNpy for float32, readNpyTyped / writeNpyTyped for the dtypes of ONNX tensors
// (as onnxruntime-node Tensors: type name and typed array).
import fs from "node:fs";

export function readNpy(path) {
  const { type, shape, data } = readNpyTyped(path);
  if (type !== "float32")
    throw new Error(`${path}: expected little-endian float32 C-order, got ${type}`);
  return { shape, data };
}

export function writeNpy(path, shape, data) {
  writeNpyTyped(path, "float32", shape, Float32Array.from(data));
}

// numpy descr -> [onnxruntime-node type, typed array constructor].
const DTYPES = {
  "<f4": ["float32", Float32Array], "<f8": ["float64", Float64Array],
  "<f2": ["float16", Uint16Array], "|i1": ["int8", Int8Array], "|u1": ["uint8", Uint8Array],
  "<i2": ["int16", Int16Array], "<u2": ["uint16", Uint16Array], "<i4": ["int32", Int32Array],
  "<u4": ["uint32", Uint32Array], "<i8": ["int64", BigInt64Array],
  "<u8": ["uint64", BigUint64Array], "|b1": ["bool", Uint8Array],
};

/// { type, shape, data } of a .npy of any dtype in DTYPES (little-endian, C order).
export function readNpyTyped(path) {
  const buf = fs.readFileSync(path);
  if (buf.length < 10 || buf.toString("latin1", 0, 6) !== "\x93NUMPY")
    throw new Error(`${path}: not a .npy file`);
  const major = buf[6];
  const headerLen = major === 1 ? buf.readUInt16LE(8) : buf.readUInt32LE(8);
  const start = major === 1 ? 10 : 12;
  const header = buf.toString("latin1", start, start + headerLen);
  const descr = /'descr':\s*'([^']*)'/.exec(header)?.[1];
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1];
  if (!(descr in DTYPES) || /'fortran_order':\s*True/.test(header) || shapeText === undefined)
    throw new Error(`${path}: unsupported .npy header ${header.trim()}`);
  const [type, Ctor] = DTYPES[descr];
  const shape = shapeText.split(",").map((s) => s.trim()).filter((s) => s).map(Number);
  const count = shape.reduce((a, b) => a * b, 1);
  const offset = start + headerLen;
  const bytes = count * Ctor.BYTES_PER_ELEMENT;
  if (buf.length < offset + bytes) throw new Error(`${path}: truncated data`);
  const copy = new Uint8Array(bytes);
  copy.set(buf.subarray(offset, offset + bytes));
  return { type, shape, data: new Ctor(copy.buffer) };
}

/// Writes an onnxruntime-node tensor's type/dims/data as a .npy of its dtype.
export function writeNpyTyped(path, type, shape, data) {
  const descr = Object.keys(DTYPES).find((d) => DTYPES[d][0] === type);
  if (!descr) throw new Error(`${path}: cannot write tensor type ${type}`);
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${shape.join(", ")}${
    shape.length === 1 ? "," : ""}), }`;
  const total = 10 + header.length + 1;
  header += " ".repeat((64 - (total % 64)) % 64) + "\n";
  const head = Buffer.alloc(10);
  head.write("\x93NUMPY", 0, "latin1");
  head[6] = 1; head[7] = 0;
  head.writeUInt16LE(header.length, 8);
  const body = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const tmp = `${path}.tmp${process.pid}`;
  fs.writeFileSync(tmp, Buffer.concat([head, Buffer.from(header, "latin1"), body]));
  fs.renameSync(tmp, path);
}
