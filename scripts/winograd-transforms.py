#!/usr/bin/env python3
"""Writes src/ConvGen/Kernels/Internals/WinogradTiles.g.cs: the unrolled Winograd F(2x2, 3x3) and F(4x4, 3x3) tile
transforms of ConvGen.__Internals.WinogradTransforms, one class per vector width (Vector512, Vector256).
Run from the repository root: python3 scripts/winograd-transforms.py"""

BT = {2: [[1, 0, -1, 0], [0, 1, 1, 0], [0, -1, 1, 0], [0, 1, 0, -1]],
      4: [[4, 0, -5, 0, 1, 0], [0, -4, -4, 1, 1, 0], [0, 4, -4, -1, 1, 0], [0, -2, -1, 2, 1, 0], [0, 2, -1, -2, 1, 0], [0, 4, 0, -5, 0, 1]]}
AT = {2: [[1, 1, 1, 0], [0, 1, -1, -1]],
      4: [[1, 1, 1, 1, 1, 0], [0, 1, -1, 2, -2, 0], [0, 1, 1, 4, 4, 0], [0, 1, -1, 8, -8, 1]]}


def comb(coefficients, term):
    nonzero = [(i, c) for i, c in enumerate(coefficients) if c != 0]
    if len(nonzero) == 2 and nonzero[0][1] == -1 and nonzero[1][1] == 1:
        return f"{term(nonzero[1][0])} - {term(nonzero[0][0])}"
    text = ""
    for i, c in enumerate(coefficients):
        if c == 0:
            continue
        scaled = term(i) if abs(c) == 1 else f"{term(i)} * {abs(c)}f"
        if not text:
            text = ("-" if c < 0 else "") + scaled
        else:
            text += (" - " if c < 0 else " + ") + scaled
    return text


def column(rows, j):
    return [r[j] for r in rows]


def point_offset(point, length, index):
    return index if point == 0 else f"{point} * {length} + {index}"


def width_class(bits):
    V = f"Vector{bits}"
    VF = f"Vector{bits}<float>"
    L = bits // 32
    wide = bits == 512
    hp = ", half" if wide else ""
    out = []
    w = out.append
    entry = "[MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]"
    inline = "[MethodImpl(MethodImplOptions.AggressiveInlining)]"
    where = "where T : struct, IWinogradLayer"

    w(f"/// <summary>The Winograd tile transforms on {V}: {L} channels or filters per vector{', the last 8 of a count that is an odd multiple of 8 in the low half of one' if wide else ''}.</summary>")
    w("[EditorBrowsable(EditorBrowsableState.Never)]")
    w(f"internal static class Winograd{bits}")
    w("{")

    # One copy of a body per vector loop: whole vectors, then (512 bits) the last 8 channels as a half. The bodies are
    # written into the entry methods themselves: with their dozens of vector locals the JIT would not inline them.
    def vector_loop(count, index, body):
        if wide:
            w(f"        nuint full = (nuint)({count} / {L} * {L});")
            w(f"        for (nuint {index} = 0; {index} < full; {index} += {L})")
            w("        {")
            body("false")
            w("        }")
            w("")
            w(f"        if (full < (nuint){count})")
            w("        {")
            w(f"            nuint {index} = full;")
            body("true")
            w("        }")
        else:
            w(f"        for (nuint {index} = 0; {index} < (nuint){count}; {index} += {L})")
            w("        {")
            body(None)
            w("        }")

    def hv(half):
        return "" if half is None else f", {half}"

    # Input tiles.
    for M in (2, 4):
        a = M + 2
        flag = "TBorder" if M == 2 else "TPatch"
        if M == 2:
            w("    /// <summary>")
            w("    /// An F(2x2, 3x3) tile's V: x is the patch's top-left pixel, or with <typeparamref name=\"TBorder\"/> the image, (iy, ix)")
            w("    /// the patch's top-left pixel and pixels outside the image read as zero.")
            w("    /// </summary>")
            w(f"    {entry}")
            w(f"    public static void Input2<T, TBorder>(ref float x, int iy, int ix, ref float v)")
        else:
            w("    /// <summary>")
            w("    /// An F(4x4, 3x3) tile's V: x is the patch's top-left pixel in the image, or with <typeparamref name=\"TPatch\"/> the first")
            w("    /// pixel of a copy whose rows are 6 pixels apart (<see cref=\"WinogradTransforms.CopyPatch{T}\"/>).")
            w("    /// </summary>")
            w(f"    {entry}")
            w(f"    public static void Input4<T, TPatch>(ref float x, ref float v)")
        w(f"        {where}")
        w(f"        where {flag} : struct, IWinogradFlag")
        w("    {")
        if M == 2:
            w("        int row = T.InputWidth * T.Channels;")
        else:
            w("        int row = TPatch.Value ? 6 * T.Channels : T.InputWidth * T.Channels;")

        def body(half, M=M, a=a):
            ind = "            "
            if M == 2:
                w(ind + "// Bᵀ on the columns, then B on the rows: V = Bᵀ d B with Bᵀ = [1 0 -1 0; 0 1 1 0; 0 -1 1 0; 0 1 0 -1].")
            else:
                w(ind + "// Bᵀ on the columns of the 6x6 patch d, one column at a time, then B on the rows: V = Bᵀ d B with")
                w(ind + "// Bᵀ = [4 0 -5 0 1 0; 0 -4 -4 1 1 0; 0 4 -4 -1 1 0; 0 -2 -1 2 1 0; 0 2 -1 -2 1 0; 0 4 0 -5 0 1].")
            for col in range(a):
                if M == 2:
                    loads = [f"d{r}{col} = TBorder.Value ? Load<T>(ref x, iy + {r}, ix + {col}, c{hv(half)}) : Load(ref x, (nuint)({r} * row + {col} * T.Channels) + c{hv(half)})" for r in range(a)]
                else:
                    loads = [f"d{r}{col} = Load(ref x, (nuint)({r} * row + {col} * T.Channels) + c{hv(half)})" for r in range(a)]
                w(ind + f"{VF} " + ", ".join(loads) + ";")
                w(ind + f"{VF} " + ", ".join(f"e{i}{col} = {comb(BT[M][i], lambda r, col=col: f'd{r}{col}')}" for i in range(a)) + ";")
            for r in range(a):
                for col in range(a):
                    p = r * a + col
                    w(ind + f"({comb(BT[M][col], lambda j, r=r: f'e{r}{j}')}).StoreUnsafe(ref v, {point_offset(p, '(nuint)T.PointInputLength', 'c')});")

        vector_loop("T.Channels", "c", body)
        w("    }")
        w("")

    # Output tiles.
    for M in (2, 4):
        a = M + 2
        w("    /// <summary>")
        w(f"    /// An F({M}x{M}, 3x3) output tile from its products M: Aᵀ M A, plus the bias, through the activation; o is its top-left")
        w(f"    /// pixel. A whole tile, or with <typeparamref name=\"TEdge\"/> one at the bottom or right edge of the output, of which")
        w("    /// only the first rows x cols pixels are stored.")
        w("    /// </summary>")
        w(f"    {entry}")
        w(f"    public static void Output{M}<T, TEdge>(ref float m, ref float b, ref float o, int rows, int cols)")
        w(f"        {where}")
        w("        where TEdge : struct, IWinogradFlag")
        w("    {")
        w("        if (!TEdge.Value)")
        w("        {")
        w(f"            rows = {M};")
        w(f"            cols = {M};")
        w("        }")
        w("")

        def body(half, M=M, a=a):
            ind = "            "
            if M == 2:
                w(ind + "// Aᵀ on the columns, then A on the rows: Y = Aᵀ M A with Aᵀ = [1 1 1 0; 0 1 -1 -1].")
            else:
                w(ind + "// Aᵀ on the columns of the 6x6 products, one column at a time, then A on the rows: Y = Aᵀ M A with")
                w(ind + "// Aᵀ = [1 1 1 1 1 0; 0 1 -1 2 -2 0; 0 1 1 4 4 0; 0 1 -1 8 -8 1].")
            for col in range(a):
                loads = [f"m{r}{col} = {V}.LoadUnsafe(ref m, {point_offset(r * a + col, '(nuint)T.PointProductLength', 'k')})" for r in range(a)]
                w(ind + f"{VF} " + ", ".join(loads) + ";")
                w(ind + f"{VF} " + ", ".join(f"s{i}{col} = {comb(AT[M][i], lambda r, col=col: f'm{r}{col}')}" for i in range(M)) + ";")
            w(ind + f"{VF} bias = T.UseBias ? Load(ref b, k{hv(half)}) : default;")
            for r in range(M):
                for col in range(M):
                    value = f"Activate<T>({comb(AT[M][col], lambda j, r=r: f's{r}{j}')}, bias)"
                    offset = "k" if r == 0 and col == 0 else f"(nuint)(({r} * T.OutputWidth + {col}) * T.OutputPixelStride) + k"
                    store = f"Store({value}, ref o, {offset}{hv(half)});"
                    if r == 0 and col == 0:
                        w(ind + store)
                    else:
                        cond = f"cols > {col}" if r == 0 else f"rows > {r}" if col == 0 else f"rows > {r} && cols > {col}"
                        w(ind + f"if ({cond})")
                        w(ind + "{")
                        w(ind + f"    {store}")
                        w(ind + "}")
                    if not (r == M - 1 and col == M - 1):
                        w("")

        vector_loop("T.Filters", "k", body)
        w("    }")
        w("")

    # Gradient tiles.
    for M in (2, 4):
        a = M + 2
        w(f"    /// <summary>One F({M}x{M}, 3x3) tile's points of dM = A dY Aᵀ, {L} filters at a time; output-gradient pixels past the")
        w(f"    /// bottom or right edge (rows x cols inside) are zero.</summary>")
        w(f"    {entry}")
        w(f"    public static void Gradient{M}<T>(ref float g, ref float m, int rows, int cols)")
        w(f"        {where}")
        w("    {")
        w(f"        for (nuint k = 0; k < (nuint)T.Filters; k += {L})")
        w("        {")
        for r in range(M):
            loads = []
            for col in range(M):
                offset = "k" if r == 0 and col == 0 else f"(nuint)(({r} * T.OutputWidth + {col}) * T.Filters) + k"
                cond = "" if r == 0 and col == 0 else f"cols > {col}" if r == 0 else f"rows > {r}" if col == 0 else f"rows > {r} && cols > {col}"
                load = f"{V}.LoadUnsafe(ref g, {offset})"
                loads.append(f"y{r}{col} = {load}" if not cond else f"y{r}{col} = {cond} ? {load} : {VF}.Zero")
            w(f"            {VF} " + ", ".join(loads) + ";")
        w(f"            // A on the rows, then Aᵀ on the columns: dM = A dY Aᵀ.")
        for r in range(a):
            sums = []
            for col in range(M):
                t = comb(column(AT[M], r), lambda i, col=col: f"y{i}{col}")
                sums.append(f"f{r}{col} = {t if t else VF + '.Zero'}")
            w(f"            {VF} " + ", ".join(sums) + ";")
        for r in range(a):
            for c in range(a):
                p = r * a + c
                w(f"            ({comb(column(AT[M], c), lambda j, r=r: f'f{r}{j}')}).StoreUnsafe(ref m, {point_offset(p, '(nuint)T.PointProductLength', 'k')});")
        w("        }")
        w("    }")
        w("")

    # Helpers.
    if wide:
        w("    // The vector at offset, or the 8 floats at offset in the low half of one (the high half zero).")
        w(f"    {inline}")
        w(f"    private static {VF} Load(ref float x, nuint offset, bool half) =>")
        w(f"        half ? Vector256.LoadUnsafe(ref x, offset).ToVector512() : {V}.LoadUnsafe(ref x, offset);")
    else:
        w(f"    {inline}")
        w(f"    private static {VF} Load(ref float x, nuint offset) => {V}.LoadUnsafe(ref x, offset);")
    w("")
    w("    // The channels at c of pixel (iy, ix) of image x, zero outside the image (the padding).")
    w(f"    {inline}")
    w(f"    private static {VF} Load<T>(ref float x, int iy, int ix, nuint c{', bool half' if wide else ''})")
    w(f"        {where} =>")
    w(f"        (uint)iy < (uint)T.InputHeight && (uint)ix < (uint)T.InputWidth ? Load(ref x, (nuint)(((nint)iy * T.InputWidth + ix) * T.Channels) + c{hp}) : {VF}.Zero;")
    w("")
    if wide:
        w("    // Stores the vector at offset, or (half) its low 8 floats.")
        w(f"    {inline}")
        w(f"    private static void Store({VF} value, ref float o, nuint offset, bool half)")
        w("    {")
        w("        if (half)")
        w("        {")
        w("            value.GetLower().StoreUnsafe(ref o, offset);")
        w("        }")
        w("        else")
        w("        {")
        w("            value.StoreUnsafe(ref o, offset);")
        w("        }")
        w("    }")
    else:
        w(f"    {inline}")
        w(f"    private static void Store({VF} value, ref float o, nuint offset) => value.StoreUnsafe(ref o, offset);")
    w("")
    w("    // The sum plus the bias (when the layer has one), through the layer's activation.")
    w(f"    {inline}")
    w(f"    private static {VF} Activate<T>({VF} sum, {VF} bias)")
    w(f"        {where}")
    w("    {")
    w("        if (T.UseBias)")
    w("        {")
    w("            sum += bias;")
    w("        }")
    w("")
    w("        return T.Activation switch")
    w("        {")
    w(f"            IWinogradLayer.Relu => {V}.MaxNative({VF}.Zero, sum),")
    w(f"            IWinogradLayer.Relu6 => {V}.MinNative({V}.Create(6f), {V}.MaxNative({VF}.Zero, sum)),")
    w("            _ => sum,")
    w("        };")
    w("    }")
    w("}")
    return out


lines = [
    "// <auto-generated>",
    "// Written by scripts/winograd-transforms.py; edit that script and run it again (python3 scripts/winograd-transforms.py).",
    "// </auto-generated>",
    "using System.ComponentModel;",
    "using System.Runtime.CompilerServices;",
    "using System.Runtime.Intrinsics;",
    "",
    "namespace ConvGen.__Internals;",
    "",
]
lines += width_class(512)
lines.append("")
lines += width_class(256)
with open("src/ConvGen/Kernels/Internals/WinogradTiles.g.cs", "w") as f:
    f.write("\n".join(lines) + "\n")
