"""Dynamic int8 quantisation of an ONNX transformer, written out because onnxruntime's Python quantiser is not
installable here (only Debian's python3-onnx is).

What it does is what onnxruntime.quantization.quantize_dynamic does for MatMul:
  * every MatMul whose second input is a constant 2-D weight W [K, N] becomes
        DynamicQuantizeLinear(x) -> MatMulInteger(x_q, W_q, x_zero, 0) -> Cast(float) -> Mul(x_scale * w_scale[N])
    with W quantised symmetrically per output column (int8, zero point 0). ONNX Runtime fuses that chain into its
    MatMulIntegerToFloat kernel (VNNI / AMX int8 on CPUs that have them).
  * the word-embedding table (a Gather on a constant [V, H] float) is stored as int8 with one scale per row and
    looked up as Gather(int8) -> Cast -> Mul(Gather(row scales)): a quarter of the bytes, dequantised only for the
    rows a text uses.
Everything else (layer norms, softmax, biases) stays float.
"""
import sys

import numpy as np
import onnx
from onnx import helper, numpy_helper, TensorProto


def quantize(model: onnx.ModelProto, min_weight_elements: int = 4096) -> onnx.ModelProto:
    graph = model.graph
    inits = {i.name: i for i in graph.initializer}
    arrays = {}

    def array(name):
        if name not in arrays:
            arrays[name] = numpy_helper.to_array(inits[name])
        return arrays[name]

    new_nodes, new_inits, dropped = [], [], set()
    uses = {}
    for n in graph.node:
        for i in n.input:
            uses[i] = uses.get(i, 0) + 1

    for k, node in enumerate(graph.node):
        if node.op_type == "MatMul" and node.input[1] in inits and array(node.input[1]).ndim == 2 \
                and array(node.input[1]).size >= min_weight_elements:
            x, w_name = node.input
            w = array(w_name).astype(np.float32)
            scale = np.maximum(np.abs(w).max(axis=0), 1e-8) / 127.0          # per output column
            w_q = np.clip(np.round(w / scale), -127, 127).astype(np.int8)
            p = f"q{k}"
            new_inits += [numpy_helper.from_array(w_q, p + "_w"),
                          numpy_helper.from_array(np.zeros(w.shape[1], np.int8), p + "_wz"),
                          numpy_helper.from_array(scale.astype(np.float32), p + "_ws")]
            new_nodes += [
                helper.make_node("DynamicQuantizeLinear", [x], [p + "_x", p + "_xs", p + "_xz"], name=p + "_dql"),
                helper.make_node("MatMulInteger", [p + "_x", p + "_w", p + "_xz", p + "_wz"], [p + "_i"], name=p + "_mmi"),
                helper.make_node("Cast", [p + "_i"], [p + "_f"], to=TensorProto.FLOAT, name=p + "_cast"),
                helper.make_node("Mul", [p + "_xs", p + "_ws"], [p + "_s"], name=p + "_scale"),
                helper.make_node("Mul", [p + "_f", p + "_s"], list(node.output), name=p + "_mul"),
            ]
            if uses.get(w_name, 0) == 1:
                dropped.add(w_name)
        elif node.op_type == "Gather" and node.input[0] in inits and array(node.input[0]).ndim == 2 \
                and array(node.input[0]).shape[0] > 10000 and uses.get(node.input[0], 0) == 1:
            table_name, ids = node.input
            table = array(table_name).astype(np.float32)
            scale = np.maximum(np.abs(table).max(axis=1, keepdims=True), 1e-8) / 127.0  # per row
            t_q = np.clip(np.round(table / scale), -127, 127).astype(np.int8)
            p = f"q{k}"
            new_inits += [numpy_helper.from_array(t_q, p + "_t"), numpy_helper.from_array(scale.astype(np.float32), p + "_ts")]
            new_nodes += [
                helper.make_node("Gather", [p + "_t", ids], [p + "_g"], axis=0, name=p + "_gather"),
                helper.make_node("Cast", [p + "_g"], [p + "_gf"], to=TensorProto.FLOAT, name=p + "_cast"),
                helper.make_node("Gather", [p + "_ts", ids], [p + "_gs"], axis=0, name=p + "_gscale"),
                helper.make_node("Mul", [p + "_gf", p + "_gs"], list(node.output), name=p + "_mul"),
            ]
            dropped.add(table_name)
        else:
            new_nodes.append(node)

    kept = [i for i in graph.initializer if i.name not in dropped]
    del graph.node[:]
    graph.node.extend(new_nodes)
    del graph.initializer[:]
    graph.initializer.extend(kept + new_inits)
    # DynamicQuantizeLinear / MatMulInteger need opset >= 11 (10 for MatMulInteger); keep the model's own if higher.
    for o in model.opset_import:
        if o.domain in ("", "ai.onnx") and o.version < 11:
            o.version = 11
    onnx.checker.check_model(model)
    return model


if __name__ == "__main__":
    src, dst = sys.argv[1], sys.argv[2]
    m = quantize(onnx.load(src))
    onnx.save(m, dst)
    print(f"wrote {dst}")
