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

    def vector_loop(count, index, call):
        # call(index, half) -> statement; whole vectors, then (512 bits) the last 8 as a half.
        if wide:
            w(f"        nuint full = (nuint)({count} / {L} * {L});")
            w(f"        for (nuint {index} = 0; {index} < full; {index} += {L})")
            w("        {")
            w(f"            {call(index, ', false')}")
            w("        }")
            w("")
            w(f"        if (full < (nuint){count})")
            w("        {")
            w(f"            {call('full', ', true')}")
            w("        }")
        else:
            w(f"        for (nuint {index} = 0; {index} < (nuint){count}; {index} += {L})")
            w("        {")
            w(f"            {call(index, '')}")
            w("        }")

    w(f"/// <summary>The Winograd tile transforms on {V}: {L} channels or filters per vector{', the last 8 of a count that is an odd multiple of 8 in the low half of one' if wide else ''}.</summary>")
    w("[EditorBrowsable(EditorBrowsableState.Never)]")
    w(f"internal static class Winograd{bits}")
    w("{")

    # Input tiles.
    for M in (2, 4):
        a = M + 2
        w(f"    /// <summary>An F({M}x{M}, 3x3) patch inside the image: x is its top-left pixel.</summary>")
        w(f"    {entry}")
        w(f"    public static void Input{M}<T>(ref float x, ref float v)")
        w(f"        {where} => InputTile{M}<T>(ref x, T.InputWidth * T.Channels, 0, 0, false, ref v);")
        w("")
        if M == 2:
            w("    /// <summary>An F(2x2, 3x3) patch at pixel (iy, ix) of image x that crosses the image's edge: pixels outside read as zero.</summary>")
            w(f"    {entry}")
            w("    public static void InputBorder2<T>(ref float x, int iy, int ix, ref float v)")
            w(f"        {where} => InputTile2<T>(ref x, T.InputWidth * T.Channels, iy, ix, true, ref v);")
        else:
            w("    /// <summary>An F(4x4, 3x3) patch copied by <see cref=\"WinogradTransforms.CopyPatch{T}\"/>: x is its first pixel, rows 6 pixels apart.</summary>")
            w(f"    {entry}")
            w("    public static void InputPatch4<T>(ref float x, ref float v)")
            w(f"        {where} => InputTile4<T>(ref x, 6 * T.Channels, 0, 0, false, ref v);")
        w("")
        w(f"    // The channels of a patch, a vector at a time: its rows `row` floats apart; with border, x is the image and (iy, ix)")
        w(f"    // the patch's top-left pixel, which may be outside.")
        w(f"    {inline}")
        w(f"    private static void InputTile{M}<T>(ref float x, int row, int iy, int ix, bool border, ref float v)")
        w(f"        {where}")
        w("    {")
        vector_loop("T.Channels", "c", lambda i, h: f"InputPoints{M}<T>(ref x, row, iy, ix, border, ref v, {i}{h});")
        w("    }")
        w("")
        w(f"    {inline}")
        w(f"    private static void InputPoints{M}<T>(ref float x, int row, int iy, int ix, bool border, ref float v, nuint c{', bool half' if wide else ''})")
        w(f"        {where}")
        w("    {")
        if M == 2:
            w("        // Bᵀ on the columns, then B on the rows: V = Bᵀ d B with Bᵀ = [1 0 -1 0; 0 1 1 0; 0 -1 1 0; 0 1 0 -1].")
        else:
            w("        // Bᵀ on the columns of the 6x6 patch d, one column at a time, then B on the rows: V = Bᵀ d B with")
            w("        // Bᵀ = [4 0 -5 0 1 0; 0 -4 -4 1 1 0; 0 4 -4 -1 1 0; 0 -2 -1 2 1 0; 0 2 -1 -2 1 0; 0 4 0 -5 0 1].")
        for col in range(a):
            if M == 2:
                loads = [f"d{r}{col} = border ? Load<T>(ref x, iy + {r}, ix + {col}, c{hp}) : Load(ref x, (nuint)({r} * row + {col} * T.Channels) + c{hp})" for r in range(a)]
            else:
                loads = [f"d{r}{col} = Load(ref x, (nuint)({r} * row + {col} * T.Channels) + c{hp})" for r in range(a)]
            w(f"        {VF} " + ", ".join(loads) + ";")
            w(f"        {VF} " + ", ".join(f"e{i}{col} = {comb(BT[M][i], lambda r, col=col: f'd{r}{col}')}" for i in range(a)) + ";")
        for r in range(a):
            for col in range(a):
                p = r * a + col
                w(f"        ({comb(BT[M][col], lambda j, r=r: f'e{r}{j}')}).StoreUnsafe(ref v, {point_offset(p, '(nuint)T.PointInputLength', 'c')});")
        w("    }")
        w("")

    # Output tiles.
    for M in (2, 4):
        a = M + 2
        w(f"    /// <summary>A whole F({M}x{M}, 3x3) output tile; o is its top-left pixel.</summary>")
        w(f"    {entry}")
        w(f"    public static void Output{M}<T>(ref float m, ref float b, ref float o)")
        w(f"        {where} => OutputTile{M}<T>(ref m, ref b, ref o, {M}, {M});")
        w("")
        w(f"    /// <summary>An F({M}x{M}, 3x3) tile at the bottom or right edge of the output: only its first rows x cols pixels are stored.</summary>")
        w(f"    {entry}")
        w(f"    public static void OutputEdge{M}<T>(ref float m, ref float b, ref float o, int rows, int cols)")
        w(f"        {where} => OutputTile{M}<T>(ref m, ref b, ref o, rows, cols);")
        w("")
        w(f"    {inline}")
        w(f"    private static void OutputTile{M}<T>(ref float m, ref float b, ref float o, int rows, int cols)")
        w(f"        {where}")
        w("    {")
        vector_loop("T.Filters", "k", lambda i, h: f"OutputPoints{M}<T>(ref m, ref b, ref o, {i}, rows, cols{h});")
        w("    }")
        w("")
        w(f"    {inline}")
        w(f"    private static void OutputPoints{M}<T>(ref float m, ref float b, ref float o, nuint k, int rows, int cols{', bool half' if wide else ''})")
        w(f"        {where}")
        w("    {")
        if M == 2:
            w("        // Aᵀ on the columns, then A on the rows: Y = Aᵀ M A with Aᵀ = [1 1 1 0; 0 1 -1 -1].")
        else:
            w("        // Aᵀ on the columns of the 6x6 products, one column at a time, then A on the rows: Y = Aᵀ M A with")
            w("        // Aᵀ = [1 1 1 1 1 0; 0 1 -1 2 -2 0; 0 1 1 4 4 0; 0 1 -1 8 -8 1].")
        for col in range(a):
            loads = [f"m{r}{col} = {V}.LoadUnsafe(ref m, {point_offset(r * a + col, '(nuint)T.PointProductLength', 'k')})" for r in range(a)]
            w(f"        {VF} " + ", ".join(loads) + ";")
            w(f"        {VF} " + ", ".join(f"s{i}{col} = {comb(AT[M][i], lambda r, col=col: f'm{r}{col}')}" for i in range(M)) + ";")
        w(f"        {VF} bias = T.UseBias ? Load(ref b, k{hp}) : default;")
        for r in range(M):
            for col in range(M):
                value = f"Activate<T>({comb(AT[M][col], lambda j, r=r: f's{r}{j}')}, bias)"
                offset = "k" if r == 0 and col == 0 else f"(nuint)(({r} * T.OutputWidth + {col}) * T.OutputPixelStride) + k"
                store = f"Store({value}, ref o, {offset}{hp});"
                if r == 0 and col == 0:
                    w(f"        {store}")
                else:
                    cond = f"cols > {col}" if r == 0 else f"rows > {r}" if col == 0 else f"rows > {r} && cols > {col}"
                    w(f"        if ({cond})")
                    w("        {")
                    w(f"            {store}")
                    w("        }")
                if not (r == M - 1 and col == M - 1):
                    w("")
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
