# Generates the body (after the header comment) of ../vectorize-convs-epilogue-exec.mlir:
#   python3 gen_epilogue_exec.py
# generates test/DenseCodegen/vectorize-convs-epilogue-exec.mlir body
import itertools
cases = []  # (name, kind, xshape, wshape, oshape, stride, pad, act)
def conv(name, x, w, o, act, stride=(1,1), pad=(0,0,0,0), dw=False, residual=False):
    cases.append(dict(name=name, x=x, w=w, o=o, act=act, stride=stride, pad=pad, dw=dw, residual=residual))
conv("conv_relu", (1,10,18,16), (32,3,3,16), (1,8,16,32), "relu")
conv("conv_relu6", (1,10,18,16), (32,3,3,16), (1,8,16,32), "relu6")
conv("conv_hardswish", (1,10,18,16), (32,3,3,16), (1,8,16,32), "hardswish")
conv("conv_silu", (1,10,18,16), (32,3,3,16), (1,8,16,32), "silu")
conv("conv_input_heavy_relu6", (1,10,18,8), (8,3,3,8), (1,8,16,8), "relu6")
conv("conv_stride2_relu", (1,15,15,8), (24,3,3,8), (1,8,8,24), "relu", stride=(2,2), pad=(1,1,1,1))
conv("conv_deep_narrow_relu", (1,9,9,64), (64,3,3,64), (1,7,7,64), "relu")
conv("conv_residual_relu", (1,8,16,32), (32,1,1,32), (1,8,16,32), "relu", residual=True)
conv("dw_relu6", (1,10,18,32), (3,3,32,1), (1,8,16,32), "relu6", dw=True)
conv("conv_tanh", (1,10,18,16), (32,3,3,16), (1,8,16,32), "tanh")
conv("dw_stride2_hardswish", (1,15,15,16), (3,3,16,1), (1,8,8,16), "hardswish", stride=(2,2), pad=(1,1,1,1), dw=True)

def T(s): return "tensor<%sxf32>" % "x".join(map(str, s))
out = []
def model(c, ref):
    x, w, o = T(c['x']), T(c['w']), T(c['o'])
    b = T((c['o'][3],))
    args = f"%x: {x}, %w: {w}, %b: {b}" + (f", %r: {o}" if c['residual'] else "")
    res = f"({o}, {o})" if ref else o
    L = [f"func.func @{c['name']}{'_ref' if ref else ''}({args}) -> {res} {{",
         '  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>',
         '  %sh = "tosa.const"() {values = dense<0> : tensor<1xi8>} : () -> tensor<1xi8>']
    op = "tosa.depthwise_conv2d" if c['dw'] else "tosa.conv2d"
    pad = ", ".join(map(str, c['pad'])); st = ", ".join(map(str, c['stride']))
    L.append(f"  %y = {op} %x, %w, %b, %zp, %zp {{acc_type = f32, pad = array<i64: {pad}>, stride = array<i64: {st}>, dilation = array<i64: 1, 1>}} : ({x}, {w}, {b}, tensor<1xf32>, tensor<1xf32>) -> {o}")
    one = lambda v, n: f'  %{n} = "tosa.const"() {{values = dense<{v}> : tensor<1x1x1x1xf32>}} : () -> tensor<1x1x1x1xf32>'
    src = "%y"
    if c['residual']:
        L.append(f"  %s = tosa.add %y, %r : ({o}, {o}) -> {o}"); src = "%s"
    a = c['act']
    if a == "relu":
        L.append(f"  %a = tosa.clamp {src} {{min_val = 0.0 : f32, max_val = 0x7F800000 : f32}} : ({o}) -> {o}")
    elif a == "relu6":
        L.append(f"  %a = tosa.clamp {src} {{min_val = 0.0 : f32, max_val = 6.0 : f32}} : ({o}) -> {o}")
    elif a == "hardswish":
        L += [one("0.166666672", "k6"), one("0.5", "kh"),
              f"  %h0 = tosa.mul {src}, %k6, %sh : ({o}, tensor<1x1x1x1xf32>, tensor<1xi8>) -> {o}",
              f"  %h1 = tosa.add %h0, %kh : ({o}, tensor<1x1x1x1xf32>) -> {o}",
              f"  %h2 = tosa.clamp %h1 {{min_val = 0.0 : f32, max_val = 1.0 : f32}} : ({o}) -> {o}",
              f"  %a = tosa.mul {src}, %h2, %sh : ({o}, {o}, tensor<1xi8>) -> {o}"]
    elif a == "silu":
        L += [f"  %g = tosa.sigmoid {src} : ({o}) -> {o}",
              f"  %a = tosa.mul {src}, %g, %sh : ({o}, {o}, tensor<1xi8>) -> {o}"]
    if a in ("tanh", "erf"):
        L.append(f"  %a = tosa.{a} {src} : ({o}) -> {o}")
    L.append(f"  return %a, %y : {o}, {o}" if ref else f"  return %a : {o}")
    L.append("}\n")
    return L

def gen(name, shape, seed, scale):
    r = len(shape); t = T(shape)
    dims = ", ".join(f"d{i}" for i in range(r))
    strides = [1]*r
    for i in range(r-2, -1, -1): strides[i] = strides[i+1]*shape[i+1]
    its = ", ".join(['"parallel"']*r)
    L = [f"func.func @gen_{name}() -> {t} {{",
         f"  %e = tensor.empty() : {t}",
         f"  %g = linalg.generic {{indexing_maps = [affine_map<({dims}) -> ({dims})>], iterator_types = [{its}]}} outs(%e : {t}) {{",
         "  ^bb0(%out: f32):"]
    terms = []
    for i in range(r):
        L.append(f"    %i{i} = linalg.index {i} : index")
        L.append(f"    %s{i} = arith.constant {strides[i]} : index")
        L.append(f"    %m{i} = arith.muli %i{i}, %s{i} : index")
    acc = "%m0"
    for i in range(1, r):
        L.append(f"    %a{i} = arith.addi {acc}, %m{i} : index"); acc = f"%a{i}"
    L += [f"    %n = arith.index_cast {acc} : index to i64",
          "    %f = arith.sitofp %n : i64 to f32",
          "    %k = arith.constant 0.7548776 : f32",
          f"    %o = arith.constant {seed} : f32",
          f"    %sc = arith.constant {scale} : f32",
          "    %p = arith.mulf %f, %k : f32",
          "    %q = arith.addf %p, %o : f32",
          "    %v = math.sin %q : f32",
          "    %w = arith.mulf %v, %sc : f32",
          "    linalg.yield %w : f32",
          f"  }} -> {t}",
          f"  return %g : {t}", "}\n"]
    return L

shapes = {}
for c in cases:
    out += model(c, False); out += model(c, True)
for c in cases:
    for k in ("x", "w", "o"):
        shapes[tuple(c[k])] = 1
    shapes[(c['o'][3],)] = 1
names = {}
for i, s in enumerate(shapes):
    names[s] = "_".join(map(str, s))
    out += gen(names[s], s, 0.25 + 0.1 * i, 2.0 if len(s) == 4 else 0.5)


outs = {}
for c in cases: outs[tuple(c['o'])] = 1
for s in outs:
    t = T(s); n = names[s]
    out += [f"func.func @cmp_{n}(%a: {t}, %b: {t}) -> i32 {{",
            "  %z = arith.constant 0 : i32",
            "  %e = tensor.empty() : tensor<i32>",
            "  %f = linalg.fill ins(%z : i32) outs(%e : tensor<i32>) -> tensor<i32>",
            "  %r = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> ()>], iterator_types = [\"reduction\", \"reduction\", \"reduction\", \"reduction\"]}",
            f"      ins(%a, %b : {t}, {t}) outs(%f : tensor<i32>) {{",
            "  ^bb0(%x: f32, %y: f32, %acc: i32):",
            "    %xb = arith.bitcast %x : f32 to i32",
            "    %yb = arith.bitcast %y : f32 to i32",
            "    %ne = arith.cmpi ne, %xb, %yb : i32",
            "    %one = arith.extui %ne : i1 to i32",
            "    %s = arith.addi %acc, %one : i32",
            "    linalg.yield %s : i32",
            "  } -> tensor<i32>",
            "  %v = tensor.extract %r[] : tensor<i32>",
            "  return %v : i32", "}\n"]
out.append("func.func @main() {")
for c in cases:
    nm = c['name']; o = T(c['o'])
    argv = []; tys = []
    for k in ("x", "w"):
        s = tuple(c[k]); out.append(f"  %{nm}_{k} = call @gen_{names[s]}() : () -> {T(s)}"); argv.append(f"%{nm}_{k}"); tys.append(T(s))
    s = (c['o'][3],); out.append(f"  %{nm}_b = call @gen_{names[s]}() : () -> {T(s)}"); argv.append(f"%{nm}_b"); tys.append(T(s))
    if c['residual']:
        # the residual: another tensor of the output's shape (the generator of x shape when equal)
        out.append(f"  %{nm}_r = call @gen_{names[tuple(c['x'])]}() : () -> {o}"); argv.append(f"%{nm}_r"); tys.append(o)
    a = ", ".join(argv); ty = ", ".join(tys)
    out.append(f"  %{nm}_a = call @{nm}({a}) : ({ty}) -> {o}")
    out.append(f"  %{nm}_e:2 = call @{nm}_ref({a}) : ({ty}) -> ({o}, {o})")
    out.append(f"  %{nm}_n = call @cmp_{names[tuple(c['o'])]}(%{nm}_a, %{nm}_e#0) : ({o}, {o}) -> i32")
    out.append(f'  vector.print str "{nm} mismatches: "')
    out.append(f"  vector.print %{nm}_n : i32")
out += ["  return", "}"]
print("\n".join(out))
