using System;
using System.Linq;
using System.Text;
using ConvGen.Generator.Diagnostics;
using ConvGen.Generator.Emit;
using ConvGen.Generator.Model;
using ConvGen.Generator.Parsing;
using ConvGen.Generator.Planning;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace ConvGen.Generator
{
    /// <summary>
    /// ConvGen's incremental generator: <c>[ConvNet]</c> and <c>[Conv2DKernel]</c> classes become specialised
    /// convolution kernels. Parsing yields equatable models and diagnostics; models and diagnostics are separate
    /// steps, so an edit that only moves a declaration re-reports without re-emitting.
    /// </summary>
    [Generator(LanguageNames.CSharp)]
    public sealed class ConvGenGenerator : IIncrementalGenerator
    {
        /// <summary>Tracking names of the pipeline steps, for incrementality tests.</summary>
        public static class Steps
        {
            /// <summary>Parsed networks (model + diagnostics).</summary>
            public const string Networks = "Networks";

            /// <summary>Network models to emit.</summary>
            public const string NetworkModels = "NetworkModels";

            /// <summary>Network plans: the layers with their kernels and fusion decisions.</summary>
            public const string NetworkPlans = "NetworkPlans";

            /// <summary>Parsed standalone kernels.</summary>
            public const string Kernels = "Kernels";

            /// <summary>Parsed standalone depthwise kernels.</summary>
            public const string DepthwiseKernels = "DepthwiseKernels";

            /// <summary>Kernel models to emit.</summary>
            public const string KernelModels = "KernelModels";

            /// <summary>The kernels the compilation generates, each once, with every pass its users need.</summary>
            public const string KernelSpecs = "KernelSpecs";

            /// <summary>All diagnostics.</summary>
            public const string Diagnostics = "Diagnostics";
        }

        /// <inheritdoc />
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            IncrementalValuesProvider<ParseResult<NetworkModel>> networks = context.SyntaxProvider
                .ForAttributeWithMetadataName(AttributeNames.ConvNet, static (node, _) => node is TypeDeclarationSyntax, NetworkParser.Parse)
                .WithTrackingName(Steps.Networks);
            IncrementalValuesProvider<ParseResult<KernelClassModel>> kernels = context.SyntaxProvider
                .ForAttributeWithMetadataName(AttributeNames.Conv2DKernel, static (node, _) => node is TypeDeclarationSyntax, KernelParser.Parse)
                .WithTrackingName(Steps.Kernels);

            IncrementalValuesProvider<ParseResult<KernelClassModel>> depthwiseKernels = context.SyntaxProvider
                .ForAttributeWithMetadataName(AttributeNames.DepthwiseConv2DKernel, static (node, _) => node is TypeDeclarationSyntax, KernelParser.Parse)
                .WithTrackingName(Steps.DepthwiseKernels);

            IncrementalValuesProvider<NetworkModel> networkModels = networks
                .Select(static (r, _) => r.Model)
                .Where(static m => m != null)
                .Select(static (m, _) => m!)
                .WithTrackingName(Steps.NetworkModels);
            IncrementalValuesProvider<NetworkPlan> networkPlans = networkModels
                .Select(static (m, _) => NetworkPlan.Create(m))
                .WithTrackingName(Steps.NetworkPlans);
            IncrementalValuesProvider<KernelClassModel> kernelModels = kernels
                .Collect()
                .Combine(depthwiseKernels.Collect())
                .SelectMany(static (pair, _) => pair.Left.AddRange(pair.Right))
                .Select(static (r, _) => r.Model)
                .Where(static m => m != null)
                .Select(static (m, _) => m!)
                .WithTrackingName(Steps.KernelModels);

            IncrementalValuesProvider<KernelSpec> kernelSpecs = networkPlans
                .Select(static (p, _) => new EquatableArray<KernelSpec>(p.Kernels))
                .Collect()
                .Combine(kernelModels.Select(static (m, _) => KernelClassEmitter.Spec(m)).Collect())
                .SelectMany(static (pair, _) => KernelSpec.Distinct(pair.Left.SelectMany(static kernels => kernels).Concat(pair.Right)))
                .WithTrackingName(Steps.KernelSpecs);

            IncrementalValuesProvider<EquatableArray<DiagnosticInfo>> diagnostics = networks
                .Select(static (r, _) => r.Diagnostics)
                .Collect()
                .Combine(kernels.Select(static (r, _) => r.Diagnostics).Collect())
                .Combine(depthwiseKernels.Select(static (r, _) => r.Diagnostics).Collect())
                .SelectMany(static (pair, _) => pair.Left.Left.AddRange(pair.Left.Right).AddRange(pair.Right))
                .WithTrackingName(Steps.Diagnostics);

            context.RegisterSourceOutput(diagnostics, static (spc, list) =>
            {
                foreach (DiagnosticInfo info in list)
                {
                    spc.ReportDiagnostic(info.ToDiagnostic());
                }
            });
            // Records reach the parsers (TypeDeclarationSyntax) to be refused with CG0021; layer attributes on a class
            // without [ConvNet] get CG0023.
            foreach (string watched in StrayLayerChecks.Watched)
            {
                context.RegisterSourceOutput(
                    context.SyntaxProvider.ForAttributeWithMetadataName(watched, static (node, _) => node is TypeDeclarationSyntax, StrayLayerChecks.Check),
                    static (spc, list) =>
                    {
                        foreach (DiagnosticInfo info in list)
                        {
                            spc.ReportDiagnostic(info.ToDiagnostic());
                        }
                    });
            }

            context.RegisterSourceOutput(networkPlans, static (spc, plan) =>
                Emit(spc, HintNames.ForClass(plan.Model.Namespace, plan.Model.ClassName), plan.Model.ClassName, () => NetworkEmitter.Emit(plan)));
            context.RegisterSourceOutput(kernelModels, static (spc, model) =>
                Emit(spc, HintNames.ForClass(model.Namespace, model.ClassName), model.ClassName, () => KernelClassEmitter.Emit(model)));
            context.RegisterSourceOutput(kernelSpecs, static (spc, spec) =>
                Emit(spc, HintNames.ForKernel(spec.Name), spec.Name, () => KernelEmitter.Emit(KernelPlan.Create(spec))));
        }

        private static void Emit(SourceProductionContext context, string hintName, string className, Func<string> emit)
        {
            string source;
            try
            {
                source = emit();
            }
            catch (Exception ex) when (!(ex is OperationCanceledException))
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InternalError, Location.None, className, ex.GetType().Name + ": " + ex.Message));
                return;
            }

            context.AddSource(hintName, SourceText.From(source, Encoding.UTF8));
        }
    }
}
