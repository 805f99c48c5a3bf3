import onnxProto from 'onnx-proto'
import type { onnx as ox } from 'onnx-proto'
import { ModelError } from './model-artifact'

// onnx-proto is CommonJS: its namespace hangs off the default export.
const { onnx } = onnxProto
const DT = onnx.TensorProto.DataType

/**
 * A small evaluator for the anomaly graph (build-graph.ts): it reads the same ONNX file as ONNX
 * Runtime — its initializers and nodes — and runs only the elementwise and reduce ops the model
 * contract uses, in float32 like ONNX Runtime (every value is stored in a Float32Array; a single
 * add, subtract or multiply computed in double and rounded once is exactly the float32 result).
 * Means are summed in double, so they may differ from ONNX Runtime's float32 sum in the last bit.
 *
 * Why: ONNX Runtime costs the agent ~31 MiB of resident memory (library and session) for a graph
 * of a dozen tiny ops. Any model with an op, data type or attribute outside this set is refused
 * with MODEL_OPS_UNSUPPORTED, and session.ts then loads it in ONNX Runtime instead.
 */

type Tensor =
  | { readonly type: 'float'; readonly dims: readonly number[]; readonly data: Float32Array }
  | { readonly type: 'int64'; readonly dims: readonly number[]; readonly data: Float64Array }
  | { readonly type: 'bool'; readonly dims: readonly number[]; readonly data: Uint8Array }

type Values = Map<string, Tensor>
type Kernel = (inputs: readonly Tensor[]) => Tensor

/** The compiled graph: one input in, the named outputs out. */
export interface CompiledGraph {
  readonly inputName: string
  /** The input's declared shape: a number for a fixed dimension, null for a dynamic one. */
  readonly inputDims: readonly (number | null)[]
  readonly outputNames: readonly string[]
  /** `features` is row-major [rows, columns]; returns each output's float32 data. */
  run(features: Float32Array, dims: readonly [number, number]): Map<string, Float32Array>
}

function unsupported(message: string): never {
  throw new ModelError('MODEL_OPS_UNSUPPORTED', `built-in evaluator: ${message}`)
}

function shapeError(message: string): never {
  throw new ModelError('MODEL_SHAPE_MISMATCH', message)
}

const size = (dims: readonly number[]) => dims.reduce((a, b) => a * b, 1)

const toNumber = (v: number | { toNumber(): number }) => (typeof v === 'number' ? v : v.toNumber())

function initializer(t: ox.ITensorProto): Tensor {
  const dims = (t.dims ?? []).map(toNumber)
  const n = size(dims)
  const raw = t.rawData && t.rawData.length > 0 ? t.rawData : undefined
  let tensor: Tensor
  if (t.dataType === DT.FLOAT) {
    const data = raw ? new Float32Array(raw.slice().buffer, 0, raw.length / 4) : Float32Array.from(t.floatData ?? [])
    tensor = { type: 'float', dims, data }
  } else if (t.dataType === DT.INT64) {
    const data = raw ? Float64Array.from(new BigInt64Array(raw.slice().buffer, 0, raw.length / 8), Number) : Float64Array.from((t.int64Data ?? []).map(toNumber))
    tensor = { type: 'int64', dims, data }
  } else {
    return unsupported(`initializer "${t.name}" has data type ${DT[t.dataType ?? 0] ?? t.dataType} (only FLOAT and INT64 are run)`)
  }
  if (tensor.data.length !== n) shapeError(`initializer "${t.name}" has ${tensor.data.length} values for dims [${dims.join(', ')}]`)
  return tensor
}

/** numpy-style broadcast of the inputs' shapes; per input, its strides aligned to the output's rank. */
function broadcast(shapes: readonly (readonly number[])[], op: string): { dims: number[]; strides: number[][] } {
  const rank = Math.max(...shapes.map((s) => s.length))
  const dims = new Array<number>(rank).fill(1)
  for (const s of shapes) {
    for (let i = 0; i < s.length; i++) {
      const d = s[i]!
      const o = rank - s.length + i
      if (dims[o] === 1) dims[o] = d
      else if (d !== 1 && d !== dims[o]) shapeError(`${op}: shapes ${shapes.map((x) => `[${x.join(', ')}]`).join(' and ')} do not broadcast`)
    }
  }
  const strides = shapes.map((s) => {
    const st = new Array<number>(rank).fill(0)
    let acc = 1
    for (let i = s.length - 1; i >= 0; i--) {
      const o = rank - s.length + i
      st[o] = s[i] === 1 ? 0 : acc
      acc *= s[i]!
    }
    return st
  })
  return { dims, strides }
}

/** Calls `each(outIndex, offsets)` over the broadcast output, offsets[k] indexing input k. */
function forEachBroadcast(shapes: readonly (readonly number[])[], op: string, each: (i: number, offsets: Int32Array) => void): number[] {
  const { dims, strides } = broadcast(shapes, op)
  const n = size(dims)
  const rank = dims.length
  const offsets = new Int32Array(shapes.length)
  const counter = new Int32Array(rank)
  for (let i = 0; i < n; i++) {
    each(i, offsets)
    // Odometer step: bump the last axis, carry into the ones before it.
    for (let a = rank - 1; a >= 0; a--) {
      counter[a]!++
      for (let k = 0; k < shapes.length; k++) offsets[k]! += strides[k]![a]!
      if (counter[a]! < dims[a]!) break
      for (let k = 0; k < shapes.length; k++) offsets[k]! -= strides[k]![a]! * dims[a]!
      counter[a] = 0
    }
  }
  return dims
}

/**
 * A node's output buffer, kept from one run to the next when the size is the same: allocating a
 * typed array per node and sample was the evaluator's largest cost. run() copies the graph's
 * outputs before it returns, so no caller ever holds a buffer that is later overwritten.
 */
interface Reuse {
  buf?: Float32Array
}
function reuse(r: Reuse, n: number): Float32Array {
  if (r.buf?.length !== n) r.buf = new Float32Array(n)
  return r.buf
}

function floatInput(t: Tensor, op: string): Float32Array {
  if (t.type !== 'float') unsupported(`${op} on ${t.type} tensors (only float is run)`)
  return t.data
}

function unary(op: 'Abs' | 'Relu'): Kernel {
  const r: Reuse = {}
  return ([x]) => {
    const a = floatInput(x!, op)
    const out = reuse(r, a.length)
    if (op === 'Abs') for (let i = 0; i < a.length; i++) out[i] = Math.abs(a[i]!)
    else for (let i = 0; i < a.length; i++) out[i] = a[i]! > 0 || Number.isNaN(a[i]!) ? a[i]! : 0
    return { type: 'float', dims: x!.dims, data: out }
  }
}

type BinaryOp = 'Add' | 'Sub' | 'Mul' | 'Min'

/**
 * Where each output element of a broadcast a ∘ b reads a and b. The scoring graph's shapes — the
 * same shape, a scalar or [1] side, a row vector against [rows, columns] — are computed directly;
 * any other shape by the general walk.
 */
function pairIndices(op: string, xd: readonly number[], yd: readonly number[], na: number, nb: number): { dims: readonly number[]; ia: Int32Array; ib: Int32Array } {
  // Plain loops: a typed array's .map calls back per element, and was most of the cost here.
  const iota = (n: number, mod = n) => {
    const out = new Int32Array(n)
    for (let i = 0; i < n; i++) out[i] = i % mod
    return out
  }
  const rank = Math.max(xd.length, yd.length)
  const same = xd.length === yd.length && xd.every((d, i) => d === yd[i])
  if (same || (nb === 1 && xd.length === rank)) {
    const ia = iota(na)
    return { dims: xd, ia, ib: same ? ia : new Int32Array(na) }
  }
  if (na === 1 && yd.length === rank) return { dims: yd, ia: new Int32Array(nb), ib: iota(nb) }
  if (xd.length === 2 && yd.length === 1 && yd[0] === xd[1]) return { dims: xd, ia: iota(na), ib: iota(na, nb) }
  const ia: number[] = []
  const ib: number[] = []
  const dims = forEachBroadcast([xd, yd], op, (i, o) => ((ia[i] = o[0]!), (ib[i] = o[1]!)))
  return { dims, ia: Int32Array.from(ia), ib: Int32Array.from(ib) }
}

// One loop per op (not one loop calling an op function): a shared call site inside the loop would
// see every op and stop being inlined, which made the evaluator slower than ONNX Runtime.
const sameDims = (p: readonly number[], q: readonly number[]) => p.length === q.length && p.every((d, i) => d === q[i])

/** A node's last broadcast: the same node sees the same shapes sample after sample. */
interface PairCache extends Reuse {
  xd?: readonly number[]
  yd?: readonly number[]
  pairs?: ReturnType<typeof pairIndices>
}

function broadcastFloat(op: BinaryOp, x: Tensor, y: Tensor, cache: PairCache): Tensor {
  const a = floatInput(x, op)
  const b = floatInput(y, op)
  if (!cache.pairs || !sameDims(cache.xd!, x.dims) || !sameDims(cache.yd!, y.dims)) {
    cache.pairs = pairIndices(op, x.dims, y.dims, a.length, b.length)
    cache.xd = [...x.dims]
    cache.yd = [...y.dims]
  }
  const { dims, ia, ib } = cache.pairs
  const out = reuse(cache, ia.length)
  const n = out.length
  switch (op) {
    case 'Add':
      for (let i = 0; i < n; i++) out[i] = a[ia[i]!]! + b[ib[i]!]!
      break
    case 'Sub':
      for (let i = 0; i < n; i++) out[i] = a[ia[i]!]! - b[ib[i]!]!
      break
    case 'Mul':
      for (let i = 0; i < n; i++) out[i] = a[ia[i]!]! * b[ib[i]!]!
      break
    case 'Min':
      for (let i = 0; i < n; i++) {
        const u = a[ia[i]!]!
        const v = b[ib[i]!]!
        out[i] = u < v || Number.isNaN(u) ? u : v
      }
      break
  }
  return { type: 'float', dims, data: out }
}

function binary(op: BinaryOp): Kernel {
  const caches: PairCache[] = []
  return (inputs) => {
    if (inputs.length < 2) shapeError(`${op} needs two inputs, has ${inputs.length}`)
    // Min is variadic in ONNX: fold it pairwise.
    let acc = inputs[0]!
    for (let k = 1; k < inputs.length; k++) acc = broadcastFloat(op, acc, inputs[k]!, (caches[k] ??= {}))
    return acc
  }
}

function equal(inputs: readonly Tensor[]): Tensor {
  const [x, y] = inputs as [Tensor, Tensor]
  if (x.type !== y.type) shapeError(`Equal on ${x.type} and ${y.type}`)
  const out: number[] = []
  const dims = forEachBroadcast([x.dims, y.dims], 'Equal', (i, o) => (out[i] = x.data[o[0]!] === y.data[o[1]!] ? 1 : 0))
  return { type: 'bool', dims, data: Uint8Array.from(out) }
}

function where(inputs: readonly Tensor[]): Tensor {
  const [c, x, y] = inputs as [Tensor, Tensor, Tensor]
  if (c.type !== 'bool') shapeError(`Where's condition is ${c.type}, not bool`)
  const a = floatInput(x, 'Where')
  const b = floatInput(y, 'Where')
  // The graph's case: one condition (is the input univariate?) picking one of two whole tensors.
  if (c.data.length === 1 && c.dims.length <= Math.min(x.dims.length, y.dims.length) && x.dims.length === y.dims.length && x.dims.every((d, i) => d === y.dims[i])) {
    return { type: 'float', dims: x.dims, data: c.data[0] ? a : b }
  }
  const out: number[] = []
  const dims = forEachBroadcast([c.dims, x.dims, y.dims], 'Where', (i, o) => (out[i] = c.data[o[0]!] ? a[o[1]!]! : b[o[2]!]!))
  return { type: 'float', dims, data: Float32Array.from(out) }
}

function shape([x]: readonly Tensor[]): Tensor {
  return { type: 'int64', dims: [x!.dims.length], data: Float64Array.from(x!.dims) }
}

function gather(axisAttr: number): Kernel {
  const r: Reuse = {}
  return ([x, idx]) => {
    const data = x!
    const indices = idx!
    if (indices.type !== 'int64') shapeError(`Gather's indices are ${indices.type}, not int64`)
    const rank = data.dims.length
    const axis = axisAttr < 0 ? axisAttr + rank : axisAttr
    if (axis < 0 || axis >= rank) shapeError(`Gather axis ${axisAttr} on a rank-${rank} tensor`)
    const outer = size(data.dims.slice(0, axis))
    const extent = data.dims[axis]!
    const inner = size(data.dims.slice(axis + 1))
    const dims = [...data.dims.slice(0, axis), ...indices.dims, ...data.dims.slice(axis + 1)]
    const picks = indices.data.length
    for (const raw of indices.data) if (raw < -extent || raw >= extent) shapeError(`Gather index ${raw} is out of range for an axis of ${extent}`)
    const out = data.type === 'float' ? reuse(r, outer * picks * inner) : new Float64Array(outer * picks * inner)
    let w = 0
    for (let o = 0; o < outer; o++) {
      for (let p = 0; p < picks; p++) {
        const raw = indices.data[p]!
        const j = raw < 0 ? raw + extent : raw
        for (let i = 0; i < inner; i++) out[w++] = data.data[(o * extent + j) * inner + i]!
      }
    }
    if (out instanceof Float32Array) return { type: 'float', dims, data: out }
    if (data.type === 'int64') return { type: 'int64', dims, data: Float64Array.from(out) }
    return { type: 'bool', dims, data: Uint8Array.from(out) }
  }
}

function reduce(op: 'ReduceMax' | 'ReduceMean', axesAttr: readonly number[] | undefined, keepdims: boolean): Kernel {
  const r: Reuse = {}
  return ([x, axesInput]) => {
    const a = floatInput(x!, op)
    const rank = x!.dims.length
    // Opset 18 moved axes from an attribute to an optional second input; both mean the same.
    const given = axesInput ? [...axesInput.data] : axesAttr
    const axes = new Set((given && given.length > 0 ? given : x!.dims.map((_, i) => i)).map((v) => (v < 0 ? v + rank : v)))
    for (const ax of axes) if (ax < 0 || ax >= rank) shapeError(`${op} axis out of range for a rank-${rank} tensor`)
    const outDims = x!.dims.map((d, i) => (axes.has(i) ? 1 : d))
    const n = size(outDims)
    const acc = new Float64Array(n).fill(op === 'ReduceMax' ? -Infinity : 0)
    const count = size(x!.dims) / Math.max(1, n)
    const isMax = op === 'ReduceMax'
    if (rank === 2 && axes.size === 1 && axes.has(1)) {
      // Per row (the per-metric peak): contiguous runs of `cols`.
      const cols = x!.dims[1]!
      for (let i = 0; i < a.length; i++) {
        const o = (i / cols) | 0
        acc[o] = isMax ? Math.max(acc[o]!, a[i]!) : acc[o]! + a[i]!
      }
    } else if (n === 1) {
      // Over everything (the host's max and mean over its metrics).
      let v = acc[0]!
      for (let i = 0; i < a.length; i++) v = isMax ? Math.max(v, a[i]!) : v + a[i]!
      acc[0] = v
    } else {
      // Any other axes: walk the input once; each element lands in the cell its kept indices name.
      const outStrides = broadcast([outDims], op).strides[0]!
      const inStrides = x!.dims.map((_, i) => size(x!.dims.slice(i + 1)))
      for (let i = 0; i < a.length; i++) {
        let o = 0
        for (let d = 0; d < rank; d++) o += (Math.floor(i / inStrides[d]!) % x!.dims[d]!) * outStrides[d]!
        acc[o] = isMax ? Math.max(acc[o]!, a[i]!) : acc[o]! + a[i]!
      }
    }
    if (!isMax) for (let i = 0; i < n; i++) acc[i] = acc[i]! / count
    const data = reuse(r, n)
    data.set(acc)
    return { type: 'float', dims: keepdims ? outDims : x!.dims.filter((_, i) => !axes.has(i)), data }
  }
}

interface AttrReader {
  int(name: string, fallback: number): number
  ints(name: string): number[] | undefined
}

/** Refuses any attribute the op's kernel below does not honour. */
function attributes(n: ox.INodeProto, allowed: readonly string[]): AttrReader {
  const attrs = new Map((n.attribute ?? []).map((a) => [a.name ?? '', a]))
  for (const name of attrs.keys()) if (!allowed.includes(name)) unsupported(`${n.opType} node "${n.name}" has attribute "${name}"`)
  return {
    int: (name, fallback) => {
      const a = attrs.get(name)
      return a ? toNumber(a.i ?? 0) : fallback
    },
    ints: (name) => attrs.get(name)?.ints?.map(toNumber),
  }
}


/** The ops this evaluator runs: exactly the ones build-graph.ts emits. */
const kernels: Record<string, (n: ox.INodeProto) => Kernel> = {
  Abs: (n) => (attributes(n, []), unary('Abs')),
  Relu: (n) => (attributes(n, []), unary('Relu')),
  Add: (n) => (attributes(n, []), binary('Add')),
  Sub: (n) => (attributes(n, []), binary('Sub')),
  Mul: (n) => (attributes(n, []), binary('Mul')),
  Min: (n) => (attributes(n, []), binary('Min')),
  Equal: (n) => (attributes(n, []), equal),
  Where: (n) => (attributes(n, []), where),
  Shape: (n) => (attributes(n, []), shape),
  Gather: (n) => gather(attributes(n, ['axis']).int('axis', 0)),
  ReduceMax: (n) => {
    const a = attributes(n, ['axes', 'keepdims'])
    return reduce('ReduceMax', a.ints('axes'), a.int('keepdims', 1) !== 0)
  },
  ReduceMean: (n) => {
    const a = attributes(n, ['axes', 'keepdims'])
    return reduce('ReduceMean', a.ints('axes'), a.int('keepdims', 1) !== 0)
  },
}

export const supportedOps: readonly string[] = Object.keys(kernels)

/** Compiles an ONNX model for the built-in evaluator, or throws MODEL_OPS_UNSUPPORTED naming why. */
export function compileGraph(bytes: Uint8Array): CompiledGraph {
  let model: ox.ModelProto
  try {
    model = onnx.ModelProto.decode(bytes)
  } catch (cause) {
    throw new ModelError('MODEL_NOT_ONNX', `model bytes are not an ONNX ModelProto (${bytes.length} bytes)`, { cause })
  }
  for (const o of model.opsetImport) if (o.domain && o.domain !== 'ai.onnx') unsupported(`operator set "${o.domain}"`)
  // Decoded messages carry every repeated field (empty when absent), as the classes declare.
  const g = model.graph as ox.GraphProto | null
  if (!g) return unsupported('the model has no graph')
  const init: Values = new Map((g.initializer as ox.TensorProto[]).map((t) => [t.name, initializer(t)]))
  const inputs = (g.input as ox.ValueInfoProto[]).filter((i) => !init.has(i.name))
  if (inputs.length !== 1) unsupported(`the graph has ${inputs.length} inputs that are not initializers (runs exactly one)`)
  const input = inputs[0]!
  if (input.type?.tensorType?.elemType !== DT.FLOAT) unsupported(`input "${input.name}" is not a float tensor`)
  const declared = input.type.tensorType.shape?.dim
  if (!declared) unsupported(`input "${input.name}" declares no shape`)
  const inputDims = declared.map((d) => (d.dimValue !== undefined && d.dimValue !== null && toNumber(d.dimValue) > 0 ? toNumber(d.dimValue) : null))
  // Nodes in file order must be topologically sorted (ONNX requires it): check once, here.
  const known = new Set([input.name, ...init.keys()])
  const steps = (g.node as ox.NodeProto[]).map((n) => {
    if (n.domain && n.domain !== 'ai.onnx') unsupported(`node "${n.name}" is in operator domain "${n.domain}"`)
    const make = Object.hasOwn(kernels, n.opType) ? kernels[n.opType] : undefined
    if (!make) return unsupported(`op ${n.opType} (node "${n.name}") is not one of ${supportedOps.join(', ')}`)
    const missing = n.input.find((name) => name !== '' && !known.has(name))
    if (missing !== undefined) unsupported(`node "${n.name}" reads "${missing}" before anything produced it`)
    if (n.output.length !== 1) unsupported(`node "${n.name}" has ${n.output.length} outputs`)
    known.add(n.output[0]!)
    // An empty name is an omitted optional input (e.g. ReduceMax's axes).
    return { kernel: make(n), inputs: n.input.filter((name) => name !== ''), output: n.output[0]! }
  })
  const outputNames = (g.output as ox.ValueInfoProto[]).map((o) => o.name)
  const absent = outputNames.find((o) => !known.has(o))
  if (absent !== undefined) unsupported(`graph output "${absent}" is produced by no node`)
  // Values live in slots numbered at compile time: no name look-ups per sample.
  const slotOf = new Map([...known].map((name, i) => [name, i]))
  const template: (Tensor | undefined)[] = [...known].map((name) => init.get(name))
  const inputSlot = slotOf.get(input.name)!
  const plan = steps.map((s) => ({ kernel: s.kernel, args: s.inputs.map((name) => slotOf.get(name)!), out: slotOf.get(s.output)! }))
  const outputSlots = outputNames.map((name) => [name, slotOf.get(name)!] as const)
  return {
    inputName: input.name,
    inputDims,
    outputNames,
    run(features, dims) {
      if (features.length !== dims[0] * dims[1]) shapeError(`input has ${features.length} values for [${dims.join(', ')}]`)
      // As ONNX Runtime does: a feed must fit the shape the graph declares.
      if (inputDims.length !== dims.length || inputDims.some((d, i) => d !== null && d !== dims[i])) {
        shapeError(`input "${input.name}" is declared [${inputDims.map((d) => d ?? '?').join(', ')}], fed [${dims.join(', ')}]`)
      }
      const slots = template.slice()
      slots[inputSlot] = { type: 'float', dims: [...dims], data: features }
      for (const p of plan) slots[p.out] = p.kernel(p.args.map((i) => slots[i]!))
      // Copies: kernels reuse their buffers on the next run.
      const out = new Map<string, Float32Array>()
      for (const [name, slot] of outputSlots) out.set(name, floatInput(slots[slot]!, `output "${name}"`).slice())
      return out
    },
  }
}
