using Microsoft.CodeAnalysis;

namespace ConvGen.Generator.Diagnostics
{
    /// <summary>Every diagnostic ConvGen's generator reports. IDs are stable; never reuse a retired one.</summary>
    internal static class DiagnosticDescriptors
    {
        private const string Category = "ConvGen";

        public static readonly DiagnosticDescriptor NotPartial = Create(
            "CG0001", "Network class must be partial",
            "Class '{0}' has [{1}] but is not declared 'partial'; the generator adds its kernels to the class",
            "Add the 'partial' modifier to every declaration of the class.");

        public static readonly DiagnosticDescriptor NestedOrGeneric = Create(
            "CG0002", "Nested or generic network classes are not supported",
            "Class '{0}' is {1}; ConvGen generates into top-level, non-generic classes only",
            "Move the declaration to namespace level and remove its type parameters.");

        public static readonly DiagnosticDescriptor MissingInput = Create(
            "CG0003", "Network has no input shape",
            "Network '{0}' declares no [Input(height, width, channels)]; every shape is inferred from the input",
            "Add [Input(height, width, channels)] to the class, e.g. [Input(28, 28, 1)] for Fashion-MNIST.");

        public static readonly DiagnosticDescriptor SizeOutOfRange = Create(
            "CG0004", "Size out of range",
            "{0} is {1}; expected {2}",
            "Sizes must be positive and within the documented limits (spatial 1..4096, channels and units 1..65536, at most 2^28 floats per tensor).");

        public static readonly DiagnosticDescriptor UnsupportedConv = Create(
            "CG0005", "Unsupported convolution configuration",
            "Layer '{0}': {1} is not supported; expected {2}",
            "ConvGen generates 1x1, 3x3, 5x5 and 7x7 kernels (depthwise 3x3 and 5x5) with stride 1 or 2 and 'valid', 'same' or explicit padding (Pads).");

        public static readonly DiagnosticDescriptor EmptyOutput = Create(
            "CG0006", "Layer output would be empty",
            "Layer '{0}' ({1}) on a {2} input gives an empty {3} output",
            "Use 'same' padding, a smaller pool or stride, or remove a down-sampling layer so every layer keeps at least 1x1.");

        public static readonly DiagnosticDescriptor DenseOnSpatial = Create(
            "CG0007", "Dense layer on a spatial tensor",
            "Layer '{0}' is Dense but its input is the spatial tensor {1}; expected a flat tensor",
            "Insert [Flatten] before the first [Dense] layer, as in Keras.");

        public static readonly DiagnosticDescriptor SpatialOnFlat = Create(
            "CG0008", "Spatial layer on a flat tensor",
            "Layer '{0}' ({1}) needs an H×W×C input but follows a flat tensor {2}",
            "Convolution and pooling layers must come before [Flatten] and [Dense].");

        public static readonly DiagnosticDescriptor Contradictory = Create(
            "CG0009", "Contradictory or duplicate attributes",
            "Class '{0}': {1}",
            "A class is either a [ConvNet] network (with [Input] and layer attributes) or a single [Conv2DKernel]; each layer is declared once, with a unique name.");

        public static readonly DiagnosticDescriptor NotConstant = Create(
            "CG0010", "Attribute argument is not a constant",
            "An argument of [{0}] is not a compile-time constant of the expected type",
            "Pass literal values or constants (const int, enum members) to ConvGen's attributes.");

        public static readonly DiagnosticDescriptor InvalidActivation = Create(
            "CG0011", "Invalid activation for the layer",
            "Layer '{0}': activation {1} is not valid here; expected {2}",
            "Convolutions fuse None, Relu or Relu6; Softmax belongs on the last Dense layer.");

        public static readonly DiagnosticDescriptor InvalidDropout = Create(
            "CG0012", "Invalid dropout rate",
            "Layer '{0}': dropout rate {1} is outside [0, 1)",
            "The rate is the fraction of units dropped during training, e.g. 0.5.");

        public static readonly DiagnosticDescriptor UnsupportedPool = Create(
            "CG0013", "Unsupported pooling configuration",
            "Layer '{0}': {1} is not supported; expected {2}",
            "MaxPool2D and AveragePooling2D support pool sizes 2 and 3 with strides from 1 to the pool size; global pooling needs a spatial input.");

        public static readonly DiagnosticDescriptor NoLayers = Create(
            "CG0014", "Network has no layers",
            "Network '{0}' declares an input but no layers",
            "Add layer attributes such as [Conv2D(32, 3)] after [Input].",
            DiagnosticSeverity.Warning);

        public static readonly DiagnosticDescriptor LayersSplitAcrossDeclarations = Create(
            "CG0015", "Layers declared on several partial declarations",
            "Network '{0}' declares layer attributes on more than one partial declaration; their order would be ambiguous",
            "Put [Input] and all layer attributes on one declaration of the class.");

        public static readonly DiagnosticDescriptor HasBaseClass = Create(
            "CG0016", "Network class has a base class",
            "Network '{0}' derives from '{1}'; the generated part makes it derive from ConvGen.Network",
            "Remove the base class (compose instead), or declare the class static to get only its kernels.");

        public static readonly DiagnosticDescriptor UnbalancedBlock = Create(
            "CG0017", "Branches and merges do not match",
            "Network '{0}': {1}",
            "Open a block with [Branch] before each branch's layers and close it with one [Concatenate] or [Add] that merges at least two branches; a branch with no layers is the identity.");

        public static readonly DiagnosticDescriptor MergeShapeMismatch = Create(
            "CG0018", "Merged branches disagree in shape",
            "Layer '{0}' ({1}) cannot merge {2} with {3}: {4}",
            "Concatenate needs the same height and width on every branch; Add needs identical shapes (use a 1x1 projection convolution on the shortcut when channels or strides differ).");

        public static readonly DiagnosticDescriptor NameCollision = Create(
            "CG0019", "Name collides with a generated member",
            "Class '{0}': {1}",
            "ConvGen adds members to the class (InputHeight, InputWidth, InputChannels, OutputLength, ParameterCount, Layers, Shape, Kernel, Filters …, a kernel property per convolution named after its layer, and the members of the network base class); rename the layer (its Name), the class or your member so that no two share a name.");

        public static readonly DiagnosticDescriptor LanguageVersionTooLow = Create(
            "CG0020", "C# language version too low for ConvGen",
            "Class '{0}': the project compiles C# {1}; ConvGen's generated code needs C# 11 or later",
            "Set <LangVersion>11</LangVersion> or later (or remove <LangVersion>: the .NET 8+ SDKs default to C# 12 or later) in the project file.");

        public static readonly DiagnosticDescriptor NotAClass = Create(
            "CG0021", "ConvGen attributes on a record, struct or interface",
            "'{0}' is a {1}; [{2}] is supported on classes only",
            "Declare the network or kernel as a 'partial class' (records add members, equality and a constructor that the generated part cannot share).");

        public static readonly DiagnosticDescriptor PrimaryConstructor = Create(
            "CG0022", "Network class has a primary constructor",
            "Network '{0}' declares a primary constructor; the generated part declares the network's constructor '{0}(int seed = 0)'",
            "Remove the parameter list from the class declaration; keep state in fields or properties set after construction, or wrap the network in a class of your own.");

        public static readonly DiagnosticDescriptor LayersWithoutConvNet = Create(
            "CG0023", "Layer attributes without [ConvNet]",
            "Class '{0}' has [{1}] but no [ConvNet]; nothing is generated for it",
            "Add [ConvNet] to the class to make it a network, or remove the layer attributes.");

        public static readonly DiagnosticDescriptor NamespaceHidden = Create(
            "CG0024", "A type in the global namespace hides a name generated code uses",
            "The type '{0}' in the global namespace hides {1}, which generated code uses",
            "Move the type into a namespace of your own, or rename it (a type named System or ConvGen in the global namespace hides that namespace from global::System and global::ConvGen; one named nint or nuint replaces the native integer type in every file).");

        public static readonly DiagnosticDescriptor InvalidPads = Create(
            "CG0030", "Invalid explicit padding",
            "Layer '{0}': pads {1} {2}",
            "Pads = new[] { top, left, bottom, right } gives four values, each at least 0 and less than the window (kernel or pool) size, with Padding left 'valid'; e.g. PyTorch's MaxPool2d(3, 2, padding=1) on an even image is Pads = new[] { 1, 1, 0, 0 }.");

        public static readonly DiagnosticDescriptor Segmented = Create(
            "CG0100", "Kernel split to stay within the JIT's optimisation budget",
            "Layer '{0}' ({1}): a fully unrolled body would hold {2} FMAs per method (budget {3}); each tile is {4}",
            "RyuJIT compiles very large methods without optimisation, so ConvGen unrolls up to a budget and splits or loops beyond it. No action is needed.",
            DiagnosticSeverity.Info);

        public static readonly DiagnosticDescriptor InternalError = Create(
            "CG9999", "ConvGen generator failed",
            "ConvGen's generator failed on '{0}': {1}",
            "This is a bug in ConvGen; please report it with the declaration that triggers it.");

        private static DiagnosticDescriptor Create(string id, string title, string message, string help, DiagnosticSeverity severity = DiagnosticSeverity.Error) =>
            new DiagnosticDescriptor(id, title, message, Category, severity, isEnabledByDefault: true, description: help);
    }
}
