using System.Collections.Generic;

namespace ConvGen.Generator.Planning
{
    /// <summary>How a layout of a packed weight buffer is made from HWIO weights.</summary>
    internal enum PackedKind
    {
        /// <summary>Blocks of output channels, <c>[block][tap][ci][lane]</c> (<c>Conv2DWeightPacking.Pack</c>).</summary>
        Direct,

        /// <summary>The kernel flipped and transposed for the input gradient, in blocks of input channels.</summary>
        DirectFlippedTransposed,

        /// <summary>Winograd's U = G g Gᵀ per point, packed as a 1×1 kernel's weights.</summary>
        Winograd,

        /// <summary>U of the flipped, transposed kernel (the input gradient's Winograd kernel).</summary>
        WinogradFlippedTransposed,

        /// <summary>A depthwise kernel's taps, each row padded to whole vectors (one layout for every width).</summary>
        Depthwise,

        /// <summary>The depthwise kernel flipped (its input gradient).</summary>
        DepthwiseFlipped,
    }

    /// <summary>
    /// One layout of a packed weight buffer: its <c>PackedLayouts</c> flag, where it lies and how it is packed (block
    /// width and lanes; for Winograd the padded channels and the tile size).
    /// </summary>
    internal sealed class PackedLayoutPlan
    {
        public PackedLayoutPlan(string flag, PackedKind kind, int length, int blockWidth, int lanes, int paddedChannels = 0, int tileSize = 0)
        {
            Flag = flag;
            Kind = kind;
            Length = length;
            BlockWidth = blockWidth;
            Lanes = lanes;
            PaddedChannels = paddedChannels;
            TileSize = tileSize;
        }

        /// <summary>Its flag in <c>PackedLayouts</c>: <c>Vector256Direct</c>, …; a depthwise buffer's one layout is all of them.</summary>
        public string Flag { get; }

        public PackedKind Kind { get; }

        public int Offset { get; set; }

        public int Length { get; }

        public int BlockWidth { get; }

        public int Lanes { get; }

        public int PaddedChannels { get; }

        public int TileSize { get; }
    }

    /// <summary>The layouts of a pass's packed weights, one after another: the 256-bit direct layout first (the generic kernel reads it).</summary>
    internal sealed class PackedBuffer
    {
        public PackedBuffer(IEnumerable<PackedLayoutPlan> layouts)
        {
            var list = new List<PackedLayoutPlan>();
            int offset = 0;
            foreach (PackedLayoutPlan layout in layouts)
            {
                layout.Offset = offset;
                offset += layout.Length;
                list.Add(layout);
            }

            Layouts = list;
            Length = offset;
        }

        public IReadOnlyList<PackedLayoutPlan> Layouts { get; }

        public int Length { get; }

        /// <summary>The layout with flag <paramref name="flag"/>.</summary>
        public PackedLayoutPlan Of(string flag)
        {
            foreach (PackedLayoutPlan layout in Layouts)
            {
                if (layout.Flag == flag || layout.Kind == PackedKind.Depthwise || layout.Kind == PackedKind.DepthwiseFlipped)
                {
                    return layout;
                }
            }

            throw new System.ArgumentException("No packed layout " + flag, nameof(flag));
        }
    }
}
