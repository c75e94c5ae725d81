"""Shared pieces of the generators of the DenseCodegen execution tests
(gen_matmul_exec.py, gen_odd_channels_exec.py): tensor types, deterministic input
tensors and a bit-pattern comparison, as MLIR text."""


def T(*shape, elem="f32"):
    """The tensor type of `shape`, e.g. T(1, 4) = 'tensor<1x4xf32>'."""
    return "tensor<%sx%s>" % ("x".join(map(str, shape)), elem)


def gen(shape, scale, phase, frac="5"):
    """(name, text) of a function returning a tensor of sin(i * scale + phase.frac), i the
    flat row-major index: values of every sign and magnitude, so that products round
    differently in another summation order."""
    name = "@gen_%s_%d" % ("_".join(map(str, shape)), phase)
    rank = len(shape)
    dims = ", ".join("d%d" % i for i in range(rank))
    strides = [1] * rank
    for i in range(rank - 2, -1, -1):
        strides[i] = strides[i + 1] * shape[i + 1]
    body, terms = [], []
    for i in range(rank):
        body += ["    %%i%d = linalg.index %d : index" % (i, i),
                 "    %%s%d = arith.constant %d : index" % (i, strides[i]),
                 "    %%m%d = arith.muli %%i%d, %%s%d : index" % (i, i, i)]
        terms.append("%%m%d" % i)
    acc = terms[0]
    for j, t in enumerate(terms[1:]):
        body.append("    %%a%d = arith.addi %s, %s : index" % (j, acc, t))
        acc = "%%a%d" % j
    body += ["    %%n = arith.index_cast %s : index to i64" % acc,
             "    %f = arith.sitofp %n : i64 to f32",
             "    %%k = arith.constant %s : f32" % scale,
             "    %%ph = arith.constant %d.%s : f32" % (phase, frac),
             "    %p = arith.mulf %f, %k : f32",
             "    %q = arith.addf %p, %ph : f32",
             "    %v = math.sin %q : f32",
             "    linalg.yield %v : f32"]
    return name, "\n".join(
        ["func.func %s() -> %s {" % (name, T(*shape)),
         "  %%e = tensor.empty() : %s" % T(*shape),
         "  %%g = linalg.generic {indexing_maps = [affine_map<(%s) -> (%s)>], iterator_types = [%s]} outs(%%e : %s) {"
         % (dims, dims, ", ".join(['"parallel"'] * rank), T(*shape)),
         "  ^bb0(%out: f32):"] + body +
        ["  } -> %s" % T(*shape), "  return %%g : %s" % T(*shape), "}"])


def cmp(name, shape):
    """A function @cmp_<name>(a, b) -> i32 counting the elements of two f32 tensors of
    `shape` whose bit patterns differ (so -0 vs +0 and NaN payloads count)."""
    rank = len(shape)
    dims = ", ".join("d%d" % i for i in range(rank))
    o = T(*shape)
    return """func.func @cmp_%(name)s(%%a: %(o)s, %%b: %(o)s) -> i32 {
  %%z = arith.constant 0 : i32
  %%e = tensor.empty() : tensor<i32>
  %%f = linalg.fill ins(%%z : i32) outs(%%e : tensor<i32>) -> tensor<i32>
  %%r = linalg.generic {indexing_maps = [affine_map<(%(d)s) -> (%(d)s)>, affine_map<(%(d)s) -> (%(d)s)>, affine_map<(%(d)s) -> ()>], iterator_types = [%(it)s]} ins(%%a, %%b : %(o)s, %(o)s) outs(%%f : tensor<i32>) {
  ^bb0(%%u: f32, %%v: f32, %%acc: i32):
    %%ub = arith.bitcast %%u : f32 to i32
    %%vb = arith.bitcast %%v : f32 to i32
    %%ne = arith.cmpi ne, %%ub, %%vb : i32
    %%one = arith.extui %%ne : i1 to i32
    %%s = arith.addi %%acc, %%one : i32
    linalg.yield %%s : i32
  } -> tensor<i32>
  %%c = tensor.extract %%r[] : tensor<i32>
  return %%c : i32
}
""" % dict(name=name, o=o, d=dims, it=", ".join(['"reduction"'] * rank))


def emit_main(gens, calls):
    """Prints the input generators `gens` (name -> text) and a @main that, for each
    (name, [(generator, type), ...], result type) of `calls`, calls @<name> and
    @<name>_ref on the generated inputs and prints the count of differing bits
    (@cmp_<name>) as "<name> mismatches: N"."""
    for text in gens.values():
        print(text)
        print()
    print("func.func @main() {")
    for name, args, o in calls:
        for j, (g, t) in enumerate(args):
            print("  %%%s_%d = call %s() : () -> %s" % (name, j, g, t))
        a = ", ".join("%%%s_%d" % (name, j) for j in range(len(args)))
        ts = ", ".join(t for _, t in args)
        print("  %%%s_a = call @%s(%s) : (%s) -> %s" % (name, name, a, ts, o))
        print("  %%%s_e = call @%s_ref(%s) : (%s) -> %s" % (name, name, a, ts, o))
        print("  %%%s_n = call @cmp_%s(%%%s_a, %%%s_e) : (%s, %s) -> i32"
              % (name, name, name, name, o, o))
        print('  vector.print str "%s mismatches: "' % name)
        print("  vector.print %%%s_n : i32" % name)
    print("  return")
    print("}")
