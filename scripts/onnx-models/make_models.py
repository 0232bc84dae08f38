#!/usr/bin/python3
"""ONNX test models for ConvGen's importer.

Run with Debian's Python (/usr/bin/python3: python3-torch 1.13, python3-torchvision 0.14, python3-onnx 1.12):

    /usr/bin/python3 scripts/onnx-models/make_models.py            # the committed models, beside this script
    /usr/bin/python3 scripts/onnx-models/make_models.py --generated # resnet18 (~45 MB) into generated/ (CI, set-up.sh)

Three kinds of model:

* exported by PyTorch's exporter (torch.onnx.export, opsets 7 to 17, the newest torch 1.13 knows): small CNNs of
  the families the importer targets, with random weights and random batch-norm statistics, a dynamic batch;
* built node by node with onnx.helper for what torch does not emit: every opset from 7 to 21 (onnx 1.12 knows
  opsets up to 17; for 18 to 21 the graphs use only operator versions whose semantics did not change since an older
  opset, the opset import and IR version are set to the newer ones, and ONNX Runtime 1.31.1 runs them in the tests),
  BatchNormalization's old `spatial` attribute, Clip with attributes and with inputs, Gemm and MatMul + Add, Reshape
  to 2-D, auto_pad, asymmetric pads, Dropout and Identity, pooling, global pooling as the last op;
* bad files the importer must refuse with one clear error.

Everything is seeded: running the script again writes the same models.
"""

import argparse
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
GENERATED = os.path.join(HERE, "generated")

# IR version per opset (onnx/helper.py's VERSION_TABLE, extended past onnx 1.12 with the ONNX releases that
# introduced opsets 18-21: 1.13 -> IR 8, 1.14/1.15 -> IR 9, 1.16 -> IR 10).
IR_VERSION = {7: 3, 8: 3, 9: 4, 10: 5, 11: 6, 12: 7, 13: 7, 14: 7, 15: 8, 16: 8, 17: 8, 18: 8, 19: 9, 20: 9, 21: 10}


# --------------------------------------------------------------------------------------------------------------
# PyTorch models
# --------------------------------------------------------------------------------------------------------------

def torch_models():
    import torch
    import torch.nn as nn

    def randomize_batch_norms(model, seed):
        g = torch.Generator().manual_seed(seed)
        for m in model.modules():
            if isinstance(m, nn.BatchNorm2d):
                c = m.num_features
                m.weight.data = torch.rand(c, generator=g) + 0.5
                m.bias.data = torch.rand(c, generator=g) - 0.5
                m.running_mean.data = torch.rand(c, generator=g) - 0.5
                m.running_var.data = torch.rand(c, generator=g) + 0.5
        return model.eval()

    class PlainCnn(nn.Module):
        """Conv + ReLU + max pooling twice, Flatten, Linear + ReLU, Dropout, Linear, Softmax (1x28x28)."""

        def __init__(self):
            super().__init__()
            self.conv1 = nn.Conv2d(1, 8, 3, padding=1)
            self.conv2 = nn.Conv2d(8, 16, 3, padding=1)
            self.pool = nn.MaxPool2d(2)
            self.fc1 = nn.Linear(16 * 7 * 7, 32)
            self.drop = nn.Dropout(0.5)
            self.fc2 = nn.Linear(32, 10)

        def forward(self, x):
            x = self.pool(torch.relu(self.conv1(x)))
            x = self.pool(torch.relu(self.conv2(x)))
            x = torch.flatten(x, 1)
            x = self.drop(torch.relu(self.fc1(x)))
            return torch.softmax(self.fc2(x), dim=1)

    class ResNetStyle(nn.Module):
        """3x3 stem + BN + ReLU, one basic block with a 1x1 stride-2 projection shortcut, Flatten, Linear (3x17x17).
        17 is odd so that PyTorch's stride-2 pads (1 each side) equal Keras's 'same'."""

        def __init__(self):
            super().__init__()
            self.stem = nn.Conv2d(3, 8, 3, padding=1, bias=False)
            self.stem_bn = nn.BatchNorm2d(8)
            self.conv1 = nn.Conv2d(8, 16, 3, stride=2, padding=1, bias=False)
            self.bn1 = nn.BatchNorm2d(16)
            self.conv2 = nn.Conv2d(16, 16, 3, padding=1, bias=False)
            self.bn2 = nn.BatchNorm2d(16)
            self.proj = nn.Conv2d(8, 16, 1, stride=2, bias=False)
            self.proj_bn = nn.BatchNorm2d(16)
            self.fc = nn.Linear(16 * 9 * 9, 10)

        def forward(self, x):
            x = torch.relu(self.stem_bn(self.stem(x)))
            y = torch.relu(self.bn1(self.conv1(x)))
            y = self.bn2(self.conv2(y))
            x = torch.relu(y + self.proj_bn(self.proj(x)))
            return self.fc(torch.flatten(x, 1))

    class InvertedResidual(nn.Module):
        def __init__(self, cin, cout, stride, expand):
            super().__init__()
            hidden = cin * expand
            self.residual = stride == 1 and cin == cout
            self.block = nn.Sequential(
                nn.Conv2d(cin, hidden, 1, bias=False), nn.BatchNorm2d(hidden), nn.ReLU6(),
                nn.Conv2d(hidden, hidden, 3, stride=stride, padding=1, groups=hidden, bias=False), nn.BatchNorm2d(hidden), nn.ReLU6(),
                nn.Conv2d(hidden, cout, 1, bias=False), nn.BatchNorm2d(cout))

        def forward(self, x):
            return x + self.block(x) if self.residual else self.block(x)

    class MobileNetV2Features(nn.Module):
        """MobileNetV2's feature extractor in small: 3x3 stem + ReLU6, an inverted residual block with a stride-2
        depthwise convolution, one with the residual add; ends in its 4-D features (3x17x17 -> 8x9x9)."""

        def __init__(self):
            super().__init__()
            self.features = nn.Sequential(
                nn.Conv2d(3, 8, 3, padding=1, bias=False), nn.BatchNorm2d(8), nn.ReLU6(),
                InvertedResidual(8, 8, 2, 2),
                InvertedResidual(8, 8, 1, 2))

        def forward(self, x):
            return self.features(x)

    class MobileNetV2Style(nn.Module):
        """The same features, then MobileNetV2's head: 1x1 conv + ReLU6, global average pooling, Linear."""

        def __init__(self):
            super().__init__()
            self.features = MobileNetV2Features().features
            self.head = nn.Sequential(nn.Conv2d(8, 32, 1, bias=False), nn.BatchNorm2d(32), nn.ReLU6())
            self.pool = nn.AdaptiveAvgPool2d(1)
            self.classifier = nn.Linear(32, 10)

        def forward(self, x):
            x = self.pool(self.head(self.features(x)))
            return self.classifier(torch.flatten(x, 1))

    class InceptionLite(nn.Module):
        """An Inception block ConvGen's attributes express today: 1x1, 1x1 -> 3x3, 3x3 max pooling -> 1x1 (1x15x15),
        then 2x2 max pooling with ceil_mode (15 -> 8, Keras's 'same' on an odd size)."""

        def __init__(self):
            super().__init__()
            self.stem = nn.Conv2d(1, 8, 3, padding=1)
            self.b1 = nn.Conv2d(8, 8, 1)
            self.b2_reduce = nn.Conv2d(8, 8, 1)
            self.b2 = nn.Conv2d(8, 8, 3, padding=1)
            self.b3_pool = nn.MaxPool2d(3, stride=1, padding=1)
            self.b3 = nn.Conv2d(8, 8, 1)
            self.pool = nn.MaxPool2d(2, ceil_mode=True)
            self.fc = nn.Linear(24 * 8 * 8, 10)

        def forward(self, x):
            x = torch.relu(self.stem(x))
            a = torch.relu(self.b1(x))
            b = torch.relu(self.b2(torch.relu(self.b2_reduce(x))))
            c = torch.relu(self.b3(self.b3_pool(x)))
            x = self.pool(torch.cat([a, b, c], 1))
            return self.fc(torch.flatten(x, 1))

    class InceptionStyle(nn.Module):
        """The seed's Inception block with a 5x5 branch and a 3x3 average-pooling branch, global average pooling,
        Linear (1x16x16): needs the layers of issue 22."""

        def __init__(self):
            super().__init__()
            self.stem = nn.Conv2d(1, 8, 3, padding=1)
            self.b1 = nn.Conv2d(8, 8, 1)
            self.b3_reduce = nn.Conv2d(8, 8, 1)
            self.b3 = nn.Conv2d(8, 8, 3, padding=1)
            self.b5_reduce = nn.Conv2d(8, 4, 1)
            self.b5 = nn.Conv2d(4, 8, 5, padding=2)
            self.bp_pool = nn.AvgPool2d(3, stride=1, padding=1)
            self.bp = nn.Conv2d(8, 8, 1)
            self.pool = nn.AdaptiveAvgPool2d(1)
            self.fc = nn.Linear(32, 10)

        def forward(self, x):
            x = torch.relu(self.stem(x))
            a = torch.relu(self.b1(x))
            b = torch.relu(self.b3(torch.relu(self.b3_reduce(x))))
            c = torch.relu(self.b5(torch.relu(self.b5_reduce(x))))
            d = torch.relu(self.bp(self.bp_pool(x)))
            x = self.pool(torch.cat([a, b, c, d], 1))
            return self.fc(torch.flatten(x, 1))

    # (file stem, model factory, input shape, opsets, keep BatchNormalization nodes)
    return torch, [
        ("plain_cnn", PlainCnn, (1, 28, 28), (7, 11, 17), False),
        ("resnet_style", ResNetStyle, (3, 17, 17), (9, 15), True),
        ("mobilenet_v2_features", MobileNetV2Features, (3, 17, 17), (10, 13), False),
        ("mobilenet_v2_style", MobileNetV2Style, (3, 17, 17), (13,), False),
        ("inception_lite", InceptionLite, (1, 15, 15), (13,), False),
        ("inception_style", InceptionStyle, (1, 16, 16), (13,), False),
    ], randomize_batch_norms


def export(torch, model, shape, opset, path, keep_batch_norm):
    x = torch.randn(1, *shape)
    mode = torch.onnx.TrainingMode.PRESERVE if keep_batch_norm else torch.onnx.TrainingMode.EVAL
    torch.onnx.export(model, x, path, opset_version=opset, training=mode, do_constant_folding=True,
                      input_names=["input"], output_names=["output"],
                      dynamic_axes={"input": {0: "batch"}, "output": {0: "batch"}})
    onnx.checker.check_model(onnx.load(path))


def make_torch_models(out):
    torch, models, randomize = torch_models()
    for seed, (stem, factory, shape, opsets, keep_bn) in enumerate(models):
        torch.manual_seed(seed)
        model = randomize(factory(), seed)
        for opset in opsets:
            export(torch, model, shape, opset, os.path.join(out, f"{stem}_op{opset}.onnx"), keep_bn)


def make_resnet18(out):
    import torch
    import torchvision

    torch.manual_seed(18)
    model = torchvision.models.resnet18(weights=None)
    g = torch.Generator().manual_seed(18)
    for m in model.modules():  # non-trivial statistics, as a trained model has
        if isinstance(m, torch.nn.BatchNorm2d):
            c = m.num_features
            m.running_mean.data = (torch.rand(c, generator=g) - 0.5) * 0.2
            m.running_var.data = torch.rand(c, generator=g) + 0.5
    export(torch, model.eval(), (3, 224, 224), 13, os.path.join(out, "resnet18_op13.onnx"), False)


# --------------------------------------------------------------------------------------------------------------
# Hand-built graphs (onnx.helper)
# --------------------------------------------------------------------------------------------------------------

class Graph:
    """Nodes, initializers and value infos of one graph, with a seeded generator for weights."""

    def __init__(self, seed):
        self.rng = np.random.default_rng(seed)
        self.nodes, self.inits, self.value_info = [], [], []

    def weight(self, name, *shape, scale=None):
        fan_in = int(np.prod(shape[1:])) if len(shape) > 1 else shape[0]
        scale = scale if scale is not None else 1.0 / np.sqrt(fan_in)
        self.inits.append(numpy_helper.from_array((self.rng.standard_normal(shape) * scale).astype(np.float32), name))
        return name

    def const(self, name, values, dtype=np.float32):
        self.inits.append(numpy_helper.from_array(np.array(values, dtype=dtype), name))
        return name

    def constant_node(self, name, values, dtype=np.float32):
        self.nodes.append(helper.make_node("Constant", [], [name], name=name,
                                           value=numpy_helper.from_array(np.array(values, dtype=dtype), name)))
        return name

    def node(self, op, inputs, name, outputs=None, **attrs):
        outputs = outputs or [name + "_out"]
        self.nodes.append(helper.make_node(op, inputs, outputs, name=name, **attrs))
        return outputs[0]

    def batch_norm(self, x, name, channels, opset, epsilon=1e-3):
        scale = self.const(name + ".scale", self.rng.uniform(0.5, 1.5, channels))
        bias = self.const(name + ".bias", self.rng.uniform(-0.5, 0.5, channels))
        mean = self.const(name + ".mean", self.rng.uniform(-0.5, 0.5, channels))
        var = self.const(name + ".var", self.rng.uniform(0.5, 1.5, channels))
        attrs = {"epsilon": epsilon, "momentum": 0.9}
        if opset < 9:
            attrs["spatial"] = 1  # BatchNormalization-7: per channel (the default, written out as old exporters did)
        if opset >= 14 and opset % 2 == 0:
            attrs["training_mode"] = 0
        return self.node("BatchNormalization", [x, scale, bias, mean, var], name, **attrs)

    def relu6(self, x, name, opset):
        if opset < 11:  # Clip-6: min and max are attributes
            return self.node("Clip", [x], name, min=0.0, max=6.0)
        if opset < 13:  # Clip-11/12: inputs, here initializers
            return self.node("Clip", [x, self.const(name + ".min", 0.0), self.const(name + ".max", 6.0)], name)
        # Clip-13: inputs from Constant nodes, as torch writes them
        return self.node("Clip", [x, self.constant_node(name + ".min", 0.0), self.constant_node(name + ".max", 6.0)], name)

    def model(self, x, shape, y, out_shape, opset, producer="make_models.py"):
        graph = helper.make_graph(self.nodes, "graph", [helper.make_tensor_value_info(x, TensorProto.FLOAT, shape)],
                                  [helper.make_tensor_value_info(y, TensorProto.FLOAT, out_shape)], self.inits,
                                  value_info=self.value_info)
        model = helper.make_model(graph, producer_name=producer, opset_imports=[helper.make_opsetid("", opset)])
        model.ir_version = IR_VERSION.get(opset, 3)
        if model.ir_version < 4:  # IR 3: every initializer is also a graph input
            model.graph.input.extend(helper.make_tensor_value_info(t.name, t.data_type, list(t.dims)) for t in self.inits)
        return model


def opset_cnn(opset):
    """The same small network at every opset from 7 to 21, each op in the form that opset defines: a 3x3 stem + BN +
    ReLU6 (Clip), a block concatenating a depthwise 3x3 + BN + ReLU and a 1x1 + ReLU, a residual block (1x1 + BN,
    identity, Add + ReLU), 2x2 max pooling, Flatten or Reshape, a Dense layer (Gemm or MatMul + Add) + ReLU, Dropout
    or Identity, Dense + Softmax. Input N x 3 x 9 x 9 (N dynamic). Every variant imports to the same declaration."""
    g = Graph(1000 + opset)
    odd = opset % 2 == 1
    x = "input"
    pads = {"auto_pad": "SAME_UPPER"} if odd and opset >= 8 else {"pads": [1, 1, 1, 1]}
    h = g.node("Conv", [x, g.weight("stem.w", 8, 3, 3, 3), g.weight("stem.b", 8, scale=0.1)], "stem", kernel_shape=[3, 3], **pads)
    h = g.batch_norm(h, "stem_bn", 8, opset)
    h = g.relu6(h, "stem_relu6", opset)
    a = g.node("Conv", [h, g.weight("dw.w", 8, 1, 3, 3)], "dw", kernel_shape=[3, 3], group=8, pads=[1, 1, 1, 1], strides=[1, 1], dilations=[1, 1])
    a = g.batch_norm(a, "dw_bn", 8, opset)
    a = g.node("Relu", [a], "dw_relu")
    pw_pads = {"auto_pad": "VALID"} if not odd else {}
    b = g.node("Conv", [h, g.weight("pw.w", 8, 8, 1, 1), g.weight("pw.b", 8, scale=0.1)], "pw", **pw_pads)
    b = g.node("Relu", [b], "pw_relu")
    h = g.node("Concat", [a, b], "concat", axis=-3 if opset >= 11 and odd else 1)
    r = g.node("Conv", [h, g.weight("res.w", 16, 16, 1, 1)], "res", kernel_shape=[1, 1])
    r = g.batch_norm(r, "res_bn", 16, opset)
    h = g.node("Add", [r, h], "add")
    h = g.node("Relu", [h], "add_relu")
    h = g.node("MaxPool", [h], "pool", kernel_shape=[2, 2], strides=[2, 2])
    if opset % 3 == 0:
        h = g.node("Reshape", [h, g.const("flatten.shape", [0, -1], np.int64)], "flatten")
    elif opset % 3 == 1:
        h = g.node("Reshape", [h, g.constant_node("flatten.shape", [-1, 256], np.int64)], "flatten")
    else:
        h = g.node("Flatten", [h], "flatten", axis=1)
    if odd:
        h = g.node("Gemm", [h, g.weight("fc1.w", 16, 256), g.weight("fc1.b", 16, scale=0.1)], "fc1", transB=1)
    else:
        h = g.node("MatMul", [h, g.weight("fc1.w", 256, 16, scale=1 / 16)], "fc1")
        h = g.node("Add", [h, g.weight("fc1.b", 16, scale=0.1)], "fc1_bias")
    h = g.node("Relu", [h], "fc1_relu")
    if opset % 4 == 0:
        h = g.node("Identity", [h], "drop")
    elif opset < 12:
        h = g.node("Dropout", [h], "drop", ratio=0.25)
    else:
        h = g.node("Dropout", [h, g.const("drop.ratio", 0.25)], "drop")
    if opset % 5 == 0:  # alpha and beta scale the product and the bias
        h = g.node("Gemm", [h, g.weight("fc2.w", 16, 5), g.weight("fc2.b", 5, scale=0.1)], "fc2", alpha=0.5, beta=2.0)
    else:
        h = g.node("Gemm", [h, g.weight("fc2.w", 5, 16), g.weight("fc2.b", 5, scale=0.1)], "fc2", transB=1)
    y = g.node("Softmax", [h], "softmax", outputs=["output"], **({"axis": 1} if opset < 13 else {}))
    model = g.model(x, ["N", 3, 9, 9], y, ["N", 5], opset)
    if opset <= 17 and odd:  # value_info for the importer to cross-check its shapes against
        model = onnx.shape_inference.infer_shapes(model)
    return model


def pads_pools(opset):
    """Layers of issue 22 on a 3x10x10 input: a 3x3 stride-2 SAME_LOWER convolution (pads begin 1 / end 0), a 5x5
    depthwise convolution with asymmetric pads, 3x3 average pooling counting the pads, 2x2 average pooling with
    ceil_mode off, a 7x7 convolution, and global average (opset 19) or max (opset 11) pooling as the last op: a
    feature extractor's N x C x 1 x 1 output."""
    g = Graph(2000 + opset)
    h = g.node("Conv", ["input", g.weight("down.w", 8, 3, 3, 3), g.weight("down.b", 8, scale=0.1)], "down",
               kernel_shape=[3, 3], strides=[2, 2], auto_pad="SAME_LOWER")                     # 10 -> 5
    h = g.node("Relu", [h], "down_relu")
    h = g.node("Conv", [h, g.weight("dw5.w", 8, 1, 5, 5)], "dw5", group=8, pads=[2, 1, 2, 3])   # 5x5 -> 5x5
    pool_attrs = {"dilations": [1, 1]} if opset >= 19 else {}
    h = g.node("AveragePool", [h], "avg3", kernel_shape=[3, 3], pads=[1, 1, 1, 1], count_include_pad=1, **pool_attrs)
    h = g.node("AveragePool", [h], "avg2", kernel_shape=[2, 2], strides=[2, 2], pads=[0, 0, 1, 1])  # 5 -> 3
    h = g.node("Conv", [h, g.weight("c7.w", 8, 8, 7, 7), g.weight("c7.b", 8, scale=0.1)], "c7", pads=[3, 3, 3, 3])
    last = "GlobalAveragePool" if opset >= 19 else "GlobalMaxPool"
    y = g.node(last, [h], "gpool", outputs=["output"])
    return g.model("input", ["N", 3, 10, 10], y, ["N", 8, 1, 1], opset)


def bad_models(out, good_bytes):
    def save(name, model):
        onnx.save(model, os.path.join(out, "bad", name))

    os.makedirs(os.path.join(out, "bad"), exist_ok=True)
    with open(os.path.join(out, "bad", "truncated.onnx"), "wb") as f:
        f.write(good_bytes[: len(good_bytes) // 2])
    with open(os.path.join(out, "bad", "not_protobuf.onnx"), "wb") as f:
        f.write(b"This is a text file, not an ONNX model.\n")

    def small(opset=13, input_shape=("N", 3, 8, 8), body=None):
        g = Graph(3000)
        h = g.node("Conv", ["input", g.weight("conv.w", 4, 3, 3, 3)], "conv", pads=[1, 1, 1, 1])
        y = body(g, h) if body else g.node("Relu", [h], "relu", outputs=["output"])
        return g.model("input", list(input_shape), y, ["N", 4, 8, 8], opset)

    save("unsupported_op.onnx", small(body=lambda g, h: g.node("LeakyRelu", [h], "leaky", outputs=["output"], alpha=0.1)))
    save("dynamic_height.onnx", small(input_shape=("N", 3, "H", 8)))
    save("dynamic_width.onnx", small(input_shape=("N", 3, 8, "W")))
    save("dynamic_channels.onnx", small(input_shape=("N", "C", 8, 8)))
    save("opset6.onnx", small(opset=6))
    save("opset22.onnx", small(opset=22))
    save("dilated_conv.onnx", small(body=lambda g, h: g.node("Conv", [h, g.weight("dil.w", 4, 4, 3, 3)], "dilated", outputs=["output"], pads=[2, 2, 2, 2], dilations=[2, 2])))
    save("grouped_conv.onnx", small(body=lambda g, h: g.node("Conv", [h, g.weight("grp.w", 4, 2, 3, 3)], "grouped", outputs=["output"], pads=[1, 1, 1, 1], group=2)))
    save("clip_0_1.onnx", small(opset=9, body=lambda g, h: g.node("Clip", [h], "clip", outputs=["output"], min=0.0, max=1.0)))

    # Initializers inconsistent with their shapes: fewer values than the dimensions say; in-channels that disagree
    # with the input (4 vs 3).
    m = small()
    w = next(t for t in m.graph.initializer if t.name == "conv.w")
    w.raw_data = w.raw_data[: len(w.raw_data) - 4 * 9]
    save("initializer_data_mismatch.onnx", m)
    g = Graph(3001)
    h = g.node("Conv", ["input", g.weight("conv.w", 4, 4, 3, 3)], "conv", pads=[1, 1, 1, 1])
    save("initializer_shape_mismatch.onnx", g.model("input", ["N", 3, 8, 8], h, ["N", 4, 8, 8], 13))

    # A residual block inside a residual branch: [Branch] blocks do not nest.
    g = Graph(3002)
    h = g.node("Conv", ["input", g.weight("stem.w", 4, 3, 3, 3)], "stem", pads=[1, 1, 1, 1])
    a = g.node("Conv", [h, g.weight("inner.w", 4, 4, 1, 1)], "inner")
    a = g.node("Add", [a, h], "inner_add")
    a = g.node("Conv", [a, g.weight("outer.w", 4, 4, 1, 1)], "outer")
    y = g.node("Add", [a, h], "outer_add", outputs=["output"])
    save("nested_blocks.onnx", g.model("input", ["N", 3, 8, 8], y, ["N", 4, 8, 8], 13))

    # A value_info that contradicts the shapes (the conv's output declared 4 x 7 x 7, it is 4 x 8 x 8).
    m = small()
    m.graph.value_info.append(helper.make_tensor_value_info("conv_out", TensorProto.FLOAT, ["N", 4, 7, 7]))
    save("value_info_mismatch.onnx", m)


def make_helper_models(out):
    for opset in range(7, 22):
        onnx.save(opset_cnn(opset), os.path.join(out, f"opset_cnn_op{opset}.onnx"))
    for opset in (11, 19):
        onnx.save(pads_pools(opset), os.path.join(out, f"pads_pools_op{opset}.onnx"))
    with open(os.path.join(out, "opset_cnn_op13.onnx"), "rb") as f:
        bad_models(out, f.read())


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--generated", action="store_true", help="write the large models (resnet18) into generated/")
    args = parser.parse_args()
    if args.generated:
        os.makedirs(GENERATED, exist_ok=True)
        make_resnet18(GENERATED)
    else:
        make_torch_models(HERE)
        make_helper_models(HERE)
    return 0


if __name__ == "__main__":
    sys.exit(main())
