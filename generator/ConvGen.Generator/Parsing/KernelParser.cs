using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using ConvGen.Generator.Diagnostics;
using ConvGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ConvGen.Generator.Parsing
{
    /// <summary>Turns a <c>[Conv2DKernel]</c> or <c>[DepthwiseConv2DKernel]</c> class into a <see cref="KernelClassModel"/>.</summary>
    internal static class KernelParser
    {
        public static ParseResult<KernelClassModel> Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
        {
            var type = (INamedTypeSymbol)context.TargetSymbol;
            var syntax = (TypeDeclarationSyntax)context.TargetNode;
            var diagnostics = new List<DiagnosticInfo>();
            try
            {
                if (!DeclarationChecks.IsFirstApplication(context))
                {
                    return new ParseResult<KernelClassModel>(null, new EquatableArray<DiagnosticInfo>(diagnostics));
                }

                bool triggeredByDepthwise = context.Attributes.Length > 0 && context.Attributes[0].AttributeClass?.ToDisplayString() == AttributeNames.DepthwiseConv2DKernel;
                KernelClassModel? model = ParseCore(type, syntax, diagnostics, triggeredByDepthwise);
                return new ParseResult<KernelClassModel>(diagnostics.Any(d => d.Descriptor.DefaultSeverity == DiagnosticSeverity.Error) ? null : model, new EquatableArray<DiagnosticInfo>(diagnostics));
            }
            catch (Exception ex) when (!(ex is OperationCanceledException))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, syntax.Identifier.GetLocation(), type.Name, ex.GetType().Name + ": " + ex.Message));
                return new ParseResult<KernelClassModel>(null, new EquatableArray<DiagnosticInfo>(diagnostics));
            }
        }

        private static KernelClassModel? ParseCore(INamedTypeSymbol type, TypeDeclarationSyntax syntax, List<DiagnosticInfo> diagnostics, bool triggeredByDepthwise)
        {
            ImmutableAttributes attributes = ImmutableAttributes.Of(type);
            if (attributes.Has(AttributeNames.ConvNet))
            {
                // The network pipeline reports the contradiction once.
                return null;
            }

            if (triggeredByDepthwise && attributes.Has(AttributeNames.Conv2DKernel))
            {
                // The [Conv2DKernel] pipeline reports the contradiction once.
                return null;
            }

            if (!DeclarationChecks.CheckClass(type, syntax, attributes.Has(AttributeNames.DepthwiseConv2DKernel) ? "DepthwiseConv2DKernel" : "Conv2DKernel", diagnostics))
            {
                return null;
            }

            Location classLocation = syntax.Identifier.GetLocation();
            if (!MemberNameChecks.CheckKernelClass(type, classLocation, diagnostics))
            {
                return null;
            }

            var stray = attributes.All.FirstOrDefault(a => a.Name == AttributeNames.Input || AttributeNames.IsLayer(a.Name));
            if (stray.Reader != null)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.Contradictory, stray.Reader.Location ?? classLocation, type.Name,
                    $"[{stray.Reader.ShortName}] belongs to [ConvNet] networks; a kernel class declares its whole shape in its one kernel attribute"));
                return null;
            }

            if (attributes.Has(AttributeNames.Conv2DKernel) && attributes.Has(AttributeNames.DepthwiseConv2DKernel))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.Contradictory, classLocation, type.Name, "[Conv2DKernel] and [DepthwiseConv2DKernel] cannot be combined; declare one kernel per class"));
                return null;
            }

            bool depthwise = attributes.Has(AttributeNames.DepthwiseConv2DKernel);
            AttributeReader a = attributes.First(depthwise ? AttributeNames.DepthwiseConv2DKernel : AttributeNames.Conv2DKernel)!;
            if (!a.IsValid)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NotConstant, a.Location, a.ShortName));
                return null;
            }

            Location? location = a.Location;
            int h = a.Int("Height", 0), w = a.Int("Width", 0), c = a.Int("Channels", 0);
            bool ok = DeclarationChecks.InRange(h, 1, ConvChecks.MaxSpatial, "Input height", location, diagnostics)
                & DeclarationChecks.InRange(w, 1, ConvChecks.MaxSpatial, "Input width", location, diagnostics)
                & DeclarationChecks.InRange(c, 1, ConvChecks.MaxChannels, "Input channels", location, diagnostics);
            if (!ok || !DeclarationChecks.InRange((long)h * w * c, 1, ConvChecks.MaxTensor, "Input floats per image", location, diagnostics))
            {
                return null;
            }

            ConvModel? conv = ConvChecks.Build(type.Name, TensorShape.Spatial(h, w, c), depthwise ? c : a.Int("Filters", 0), a.Int("KernelSize", depthwise ? 3 : 0), a.Int("Strides", 1),
                a.Enum("Padding", 0), a.Enum("Activation", 0), a.Bool("UseBias", true), location, diagnostics, depthwise,
                a.IntArray("Pads", out bool padsValid), padsValid);
            if (conv is null)
            {
                return null;
            }

            if (!depthwise)
            {
                conv = conv with { WinogradAllowed = a.Bool("Winograd", true) };
                ConvChecks.ReportSegmentation(type.Name, conv, location, diagnostics);
            }
            return new KernelClassModel(DeclarationChecks.Namespace(type), type.Name, DeclarationChecks.Accessibility(type), type.IsStatic, conv);
        }
    }
}
