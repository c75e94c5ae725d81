#!/usr/bin/env python3
"""Builds malformed or hostile ONNX models for the importer's error tests.

  make_bad_model.py CASE [-o OUT.onnx]

Each case is one finding of a break-it review: a model the ONNX checker may
accept (or that the importer must reject before the checker sees it) whose
import used to crash, allocate without bound or give a wrong answer. The
models are built with onnx.helper and written without running the checker
(some are deliberately invalid).
"""
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

F = TensorProto.FLOAT
I64 = TensorProto.INT64
INT64_MIN = -(2 ** 63)
INT64_MAX = 2 ** 63 - 1

CASES = {}


def case(fn):
    CASES[fn.__name__] = fn
    return fn


def raw_tensor(name, dims, raw=b"", elem=F):
    """A TensorProto with any dims and raw bytes (helper.make_tensor checks sizes)."""
    t = TensorProto()
    t.name, t.data_type = name, elem
    t.dims.extend(dims)
    t.raw_data = raw
    return t


def vi(name, shape, elem=F):
    return helper.make_tensor_value_info(name, elem, shape)


def model(nodes, inputs, outputs, inits=(), opset=13, ir=8):
    graph = helper.make_graph(nodes, "g", inputs, outputs, initializer=list(inits))
    m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)],
                          producer_name="compress-tests")
    m.ir_version = ir
    return m


def const(name, arr):
    return helper.make_node("Constant", [], [name], name=name,
                            value=numpy_helper.from_array(np.asarray(arr), name))


def ints(name, values):
    return const(name, np.array(values, dtype=np.int64))


def reshape_by(nodes, shape_name, x_shape=(1, 6), y_shape=None):
    """x -> Reshape(x, shape_name) -> y, after `nodes` compute shape_name."""
    r = helper.make_node("Reshape", ["x", shape_name], ["y"], name="reshape")
    return model(nodes + [r], [vi("x", list(x_shape))], [vi("y", y_shape or [6])])


# --- 1. integer folding ------------------------------------------------------
@case
def div_int_min():
    # INT64_MIN / -1 overflows (x86 raises SIGFPE on idiv).
    return reshape_by([ints("a", [INT64_MIN]), ints("b", [-1]),
                       helper.make_node("Div", ["a", "b"], ["s"], name="div_shape")], "s")


@case
def div_zero():
    return reshape_by([ints("a", [6]), ints("b", [0]),
                       helper.make_node("Div", ["a", "b"], ["s"], name="div_shape")], "s")


@case
def mul_overflow():
    return reshape_by([ints("a", [2 ** 62]), ints("b", [4]),
                       helper.make_node("Mul", ["a", "b"], ["s"], name="mul_shape")], "s")


# --- 2. sizes ----------------------------------------------------------------
@case
def reshape_wrap():
    # [2^62, 4] has 2^64 elements, which wraps to 0 in int64 -- the same count
    # as the empty constant being reshaped.
    data = const("data", np.zeros((0,), np.float32))
    shape = ints("s", [2 ** 62, 4])
    r = helper.make_node("Reshape", ["data", "s"], ["r"], name="reshape_wrap")
    a = helper.make_node("Add", ["x", "x"], ["y"], name="add")
    return model([data, shape, r, a], [vi("x", [1, 6])], [vi("y", [1, 6]), vi("r", [2 ** 62, 4])])


def add_model(x_shape):
    a = helper.make_node("Add", ["x", "x"], ["y"], name="add")
    return model([a], [vi("x", x_shape)], [vi("y", x_shape)])


@case
def input_2p62():
    return add_model([2 ** 62, 4])


@case
def input_1e12():
    return add_model([10 ** 6, 10 ** 6])


@case
def input_rank9():
    return add_model([1] * 8 + [3])


@case
def input_rank7():
    return add_model([1, 1, 1, 1, 1, 2, 3])


@case
def reshape_rank7():
    r = helper.make_node("Reshape", ["x", "s"], ["y"], name="reshape7")
    return model([ints("s", [1, 1, 1, 1, 1, 2, 3]), r], [vi("x", [1, 6])],
                 [vi("y", [1, 1, 1, 1, 1, 2, 3])])


@case
def pool_kernel_9000():
    # TOSA level 8K allows kernels up to 8192 (MAX_KERNEL).
    n = helper.make_node("MaxPool", ["x"], ["y"], name="wide_pool", kernel_shape=[1, 9000])
    return model([n], [vi("x", [1, 1, 1, 9000])], [vi("y", [1, 1, 1, 1])])


@case
def input_symbolic():
    return add_model(["N", 3])


@case
def init_2p32_squared():
    # Raw data is empty and 2^32 * 2^32 wraps to 0 elements.
    w = raw_tensor("w", [2 ** 32, 2 ** 32])
    a = helper.make_node("Add", ["x", "w"], ["y"], name="add")
    return model([a], [vi("x", [1, 1])], [vi("y", [1, 1])], [w])


@case
def init_1e12_short():
    w = raw_tensor("w", [10 ** 6, 10 ** 6], b"\0" * 16)
    a = helper.make_node("Add", ["x", "w"], ["y"], name="add")
    return model([a], [vi("x", [1, 1])], [vi("y", [1, 1])], [w])


@case
def init_negative_dim():
    w = raw_tensor("w", [2, -3], b"\0" * 24)
    a = helper.make_node("Add", ["x", "w"], ["y"], name="add")
    return model([a], [vi("x", [1, 1])], [vi("y", [1, 1])], [w])


# --- 3. wrong answers --------------------------------------------------------
def cast_chain(to, values, src=I64):
    """A constant Cast to `to`, cast back to INT64 and used as a Reshape shape."""
    c = const("c", np.array(values, dtype=helper.tensor_dtype_to_np_dtype(src)))
    n1 = helper.make_node("Cast", ["c"], ["t"], name="cast_to", to=to)
    n2 = helper.make_node("Cast", ["t"], ["s"], name="cast_back", to=I64)
    return n1, n2, c


@case
def cast_uint8_wrap():
    # 300 -> uint8 is 44 (ONNX Cast wraps integers modulo 2^8, like numpy);
    # [1, 300 as uint8 - 38] = [1, 6].
    c, = [ints("c", [1, 300])]
    n1 = helper.make_node("Cast", ["c"], ["t"], name="cast_to_u8", to=TensorProto.UINT8)
    n2 = helper.make_node("Cast", ["t"], ["t64"], name="cast_back", to=I64)
    off = ints("off", [0, 38])
    sub = helper.make_node("Sub", ["t64", "off"], ["s"], name="sub")
    return reshape_by([c, n1, n2, off, sub], "s", y_shape=[1, 6])


@case
def cast_float16_const():
    # A float constant cast to FLOAT16 and back: 0.1 is not representable.
    c = const("c", np.array([0.1, 65504.0, 1e5], np.float32))
    n1 = helper.make_node("Cast", ["c"], ["h"], name="cast_to_f16", to=TensorProto.FLOAT16)
    n2 = helper.make_node("Cast", ["h"], ["f"], name="cast_back", to=F)
    a = helper.make_node("Add", ["x", "f"], ["y"], name="add")
    return model([c, n1, n2, a], [vi("x", [1, 3])], [vi("y", [1, 3])])


@case
def div_denormal():
    # 1 / 1e-40 overflows float32, but x / 1e-40 is finite for small x.
    d = numpy_helper.from_array(np.array([1e-40, 2.0, 3.0], np.float32), "d")
    n = helper.make_node("Div", ["x", "d"], ["y"], name="div_denormal")
    return model([n], [vi("x", [1, 3])], [vi("y", [1, 3])], [d])


# --- 4. degenerate slices and convs -----------------------------------------
def slice_model(step):
    """Slices one element out of a constant with an extreme step, and uses it as
    the first dim of a Reshape shape: y is [1, 6] only if the slice is [1]."""
    s = ints("starts", [0] if step > 0 else [-1])
    e = ints("ends", [INT64_MAX] if step > 0 else [INT64_MIN])
    a = ints("axes", [0])
    st = ints("steps", [step])
    n = helper.make_node("Slice", ["c", "starts", "ends", "axes", "steps"], ["s0"],
                         name="slice_step")
    c = ints("c", [1, 6, 1])
    six = ints("six", [6])
    cat = helper.make_node("Concat", ["s0", "six"], ["s"], name="cat", axis=0)
    return reshape_by([c, s, e, a, st, n, six, cat], "s", y_shape=[1, 6])


@case
def slice_step_max():
    return slice_model(INT64_MAX)


@case
def slice_step_min():
    return slice_model(INT64_MIN)


@case
def slice_runtime_step_max():
    s, e, a, st = ints("starts", [0]), ints("ends", [INT64_MAX]), ints("axes", [1]), \
        ints("steps", [INT64_MIN])
    n = helper.make_node("Slice", ["x", "starts", "ends", "axes", "steps"], ["y"],
                         name="slice_step")
    return model([s, e, a, st, n], [vi("x", [1, 6])], [vi("y", [1, 1])])


@case
def conv_zero_weights():
    w = numpy_helper.from_array(np.zeros((0, 3, 3, 3), np.float32), "w")
    n = helper.make_node("Conv", ["x", "w"], ["y"], name="conv_empty")
    return model([n], [vi("x", [1, 3, 5, 5])], [vi("y", [1, 0, 3, 3])], [w])


# --- 6/7. signature ----------------------------------------------------------
@case
def input_with_default():
    # IR >= 4: 'b' is a graph input with a default value (its initializer).
    b = numpy_helper.from_array(np.full((1, 3), 2.0, np.float32), "b")
    n = helper.make_node("Add", ["x", "b"], ["y"], name="add")
    return model([n], [vi("x", [1, 3]), vi("b", [1, 3])], [vi("y", [1, 3])], [b])


@case
def output_float16():
    n = helper.make_node("Cast", ["x"], ["y"], name="to_half", to=TensorProto.FLOAT16)
    return model([n], [vi("x", [1, 3])], [vi("y", [1, 3], TensorProto.FLOAT16)])


@case
def output_float16_identity():
    # Declared FLOAT16, produced as float: the checker does not compare them.
    n = helper.make_node("Identity", ["x"], ["y"], name="same")
    return model([n], [vi("x", [1, 3])], [vi("y", [1, 3], TensorProto.FLOAT16)])


@case
def cast_float_to_int8_range():
    # 300.5 -> INT8 is undefined in ONNX.
    c = const("c", np.array([1.0, 300.5], np.float32))
    n1 = helper.make_node("Cast", ["c"], ["t"], name="cast_to_i8", to=TensorProto.INT8)
    n2 = helper.make_node("Cast", ["t"], ["s"], name="cast_back", to=I64)
    return reshape_by([c, n1, n2], "s")


@case
def output_int64():
    n = helper.make_node("Shape", ["x"], ["y"], name="shape")
    return model([n], [vi("x", [1, 3])], [vi("y", [2], I64)])


@case
def input_string():
    n = helper.make_node("Identity", ["x"], ["y"], name="id")
    return model([n], [vi("x", [1, 3], TensorProto.STRING)], [vi("y", [1, 3], TensorProto.STRING)])


@case
def output_string():
    n = helper.make_node("Cast", ["x"], ["y"], name="to_string", to=TensorProto.STRING)
    return model([n], [vi("x", [1, 3])], [vi("y", [1, 3], TensorProto.STRING)])


@case
def int_add():
    # Integer arithmetic on runtime tensors (int32 wrap-around) is refused.
    n = helper.make_node("Add", ["a", "b"], ["y"], name="add_int")
    return model([n], [vi("a", [4], TensorProto.INT32), vi("b", [4], TensorProto.INT32)],
                 [vi("y", [4], TensorProto.INT32)])


@case
def argmax_plus_one():
    # An ArgMax result (INT64) in arithmetic.
    n1 = helper.make_node("ArgMax", ["x"], ["i"], name="argmax", axis=1)
    n2 = helper.make_node("Add", ["i", "i"], ["y"], name="twice")
    return model([n1, n2], [vi("x", [2, 3])], [vi("y", [2, 1], I64)])


@case
def castlike_unknown_type():
    # The target's element type is not declared and not known (a folded Shape).
    n1 = helper.make_node("Shape", ["x"], ["s"], name="shape")
    n2 = helper.make_node("CastLike", ["x", "s"], ["y"], name="castlike")
    return model([n1, n2], [vi("x", [1, 3])], [vi("y", [1, 3])], opset=15)


@case
def uint64_big_const():
    # UINT64 values from 2^63 on (ConstTensor holds int64).
    c = numpy_helper.from_array(np.array([2**64 - 1, 5], np.uint64), "k")
    n = helper.make_node("Cast", ["k"], ["y"], name="to_float", to=TensorProto.FLOAT)
    return model([n], [vi("x", [2])], [vi("y", [2])], inits=[c])


@case
def int_big_const_equal():
    # A constant beyond 2^24 next to a runtime INT64 operand.
    c = numpy_helper.from_array(np.array([16777217], np.int64), "k")
    n = helper.make_node("Equal", ["a", "k"], ["y"], name="eq")
    return model([n], [vi("a", [3], I64)], [vi("y", [3], TensorProto.BOOL)], inits=[c])


@case
def concat_int_float():
    n = helper.make_node("Concat", ["a", "f"], ["y"], name="cat", axis=0)
    return model([n], [vi("a", [2], TensorProto.INT8), vi("f", [2])], [vi("y", [4], TensorProto.INT8)])


@case
def and_float():
    n = helper.make_node("And", ["a", "b"], ["y"], name="and")
    return model([n], [vi("a", [2]), vi("b", [2], TensorProto.BOOL)], [vi("y", [2], TensorProto.BOOL)])


@case
def output_declared_int_float_value():
    n = helper.make_node("Relu", ["x"], ["y"], name="relu")
    return model([n], [vi("x", [2])], [vi("y", [2], TensorProto.INT8)])


@case
def cast_int_to_uint32():
    n = helper.make_node("Cast", ["x"], ["y"], name="to_u32", to=TensorProto.UINT32)
    return model([n], [vi("x", [4], TensorProto.INT32)], [vi("y", [4], TensorProto.UINT32)])


# --- 8. external data --------------------------------------------------------
def external_model(location, offset=None, length=None):
    w = raw_tensor("w", [1, 3])
    w.ClearField("raw_data")
    w.data_location = TensorProto.EXTERNAL
    entries = [("location", location)]
    if offset is not None:
        entries.append(("offset", str(offset)))
    if length is not None:
        entries.append(("length", str(length)))
    for k, v in entries:
        e = w.external_data.add()
        e.key, e.value = k, v
    n = helper.make_node("Add", ["x", "w"], ["y"], name="add")
    return model([n], [vi("x", [1, 3])], [vi("y", [1, 3])], [w])


@case
def external_abs():
    return external_model("/etc/passwd")


@case
def external_dotdot():
    return external_model("../weights.bin")


@case
def external_missing():
    return external_model("missing-weights.bin")


@case
def external_inside():
    # weights.bin (written next to the model by the test) holds 3 floats at offset 8.
    return external_model("weights.bin", offset=8, length=12)


@case
def external_beyond():
    return external_model("weights.bin", offset=16, length=12)


# --- 9. graph structure ------------------------------------------------------
@case
def cycle():
    a = helper.make_node("Add", ["x", "b"], ["a"], name="add_a")
    b = helper.make_node("Relu", ["a"], ["b"], name="relu_b")
    return model([a, b], [vi("x", [1, 3])], [vi("b", [1, 3])])


@case
def dangling():
    a = helper.make_node("Add", ["x", "nowhere"], ["y"], name="add")
    return model([a], [vi("x", [1, 3])], [vi("y", [1, 3])])


def main(args):
    out = None
    if "-o" in args:
        k = args.index("-o")
        out = args[k + 1]
        args = args[:k] + args[k + 2:]
    if len(args) != 1 or args[0] not in CASES:
        sys.exit("make_bad_model.py: unknown case; cases: %s" % ", ".join(sorted(CASES)))
    data = CASES[args[0]]().SerializeToString()
    if out:
        open(out, "wb").write(data)
    else:
        sys.stdout.buffer.write(data)


if __name__ == "__main__":
    main(sys.argv[1:])
