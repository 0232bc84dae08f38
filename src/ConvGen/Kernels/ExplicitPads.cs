namespace ConvGen;

/// <summary>
/// Zero rows and columns added around an image before a convolution, per side (ONNX's and PyTorch's explicit
/// padding, which Keras's 'same' and 'valid' cannot always express: PyTorch's stride-2 3×3 convolution with
/// <c>padding=1</c> on an even image pads 1 above and left, and uses none of the padding below and right).
/// </summary>
/// <param name="Top">Rows above.</param>
/// <param name="Left">Columns on the left.</param>
/// <param name="Bottom">Rows below.</param>
/// <param name="Right">Columns on the right.</param>
public readonly record struct ExplicitPads(int Top, int Left, int Bottom, int Right);
