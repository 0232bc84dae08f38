using System.Collections.Generic;
using System.Linq;
using System.Threading;
using ConvGen.Generator.Diagnostics;
using ConvGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ConvGen.Generator.Parsing
{
    /// <summary>
    /// A class with <c>[Input]</c> or layer attributes but neither <c>[ConvNet]</c> nor a kernel attribute would get no
    /// code and no word: CG0023, once per class (from its first such attribute).
    /// </summary>
    internal static class StrayLayerChecks
    {
        /// <summary>The attributes that declare a network's layers, each watched for a class without [ConvNet].</summary>
        public static readonly string[] Watched =
        {
            AttributeNames.Input, AttributeNames.Conv2D, AttributeNames.DepthwiseConv2D, AttributeNames.MaxPool2D, AttributeNames.Flatten, AttributeNames.Dense,
            AttributeNames.Dropout, AttributeNames.BatchNormalization, AttributeNames.Branch, AttributeNames.Concatenate, AttributeNames.Add,
        };

        public static EquatableArray<DiagnosticInfo> Check(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
        {
            var type = (INamedTypeSymbol)context.TargetSymbol;
            ImmutableAttributes attributes = ImmutableAttributes.Of(type);
            if (attributes.Has(AttributeNames.ConvNet) || attributes.Has(AttributeNames.Conv2DKernel) || attributes.Has(AttributeNames.DepthwiseConv2DKernel))
            {
                return new EquatableArray<DiagnosticInfo>(new List<DiagnosticInfo>());
            }

            AttributeReader first = attributes.All.First(a => Watched.Contains(a.Name)).Reader;
            SyntaxReference? mine = context.Attributes.FirstOrDefault()?.ApplicationSyntaxReference;
            SyntaxReference? theirs = first.Data.ApplicationSyntaxReference;
            if (mine is null || theirs is null || mine.SyntaxTree != theirs.SyntaxTree || mine.Span != theirs.Span)
            {
                return new EquatableArray<DiagnosticInfo>(new List<DiagnosticInfo>());
            }

            Location location = context.TargetNode is TypeDeclarationSyntax syntax ? syntax.Identifier.GetLocation() : context.TargetNode.GetLocation();
            return new EquatableArray<DiagnosticInfo>(new List<DiagnosticInfo> { DiagnosticInfo.Create(DiagnosticDescriptors.LayersWithoutConvNet, location, type.Name, first.ShortName) });
        }
    }
}
