using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace ConvGen.Generator.Parsing
{
    /// <summary>
    /// Reads one attribute's constructor and named arguments by parameter name. <see cref="IsValid"/> is false when
    /// the compiler could not bind it to constants (a non-constant or ill-typed argument).
    /// </summary>
    internal sealed class AttributeReader
    {
        private readonly Dictionary<string, TypedConstant> _values = new Dictionary<string, TypedConstant>();

        public AttributeReader(AttributeData data)
        {
            Data = data;
            IMethodSymbol? ctor = data.AttributeConstructor;
            IsValid = ctor != null && ctor.Parameters.Length == data.ConstructorArguments.Length;
            if (ctor != null)
            {
                for (int i = 0; i < data.ConstructorArguments.Length && i < ctor.Parameters.Length; i++)
                {
                    Add(ctor.Parameters[i].Name, data.ConstructorArguments[i]);
                }
            }

            foreach (KeyValuePair<string, TypedConstant> named in data.NamedArguments)
            {
                Add(named.Key, named.Value);
            }
        }

        public AttributeData Data { get; }

        public bool IsValid { get; private set; }

        public string ShortName
        {
            get
            {
                string name = Data.AttributeClass?.Name ?? "attribute";
                return name.EndsWith("Attribute", System.StringComparison.Ordinal) ? name.Substring(0, name.Length - "Attribute".Length) : name;
            }
        }

        public Location? Location => Data.ApplicationSyntaxReference?.GetSyntax().GetLocation();

        public int Int(string name, int fallback) =>
            _values.TryGetValue(name, out TypedConstant value) && value.Value is int i ? i : fallback;

        public double Double(string name, double fallback) =>
            _values.TryGetValue(name, out TypedConstant value) && value.Value is double d ? d : fallback;

        public bool Bool(string name, bool fallback) =>
            _values.TryGetValue(name, out TypedConstant value) && value.Value is bool b ? b : fallback;

        public string? String(string name) =>
            _values.TryGetValue(name, out TypedConstant value) ? value.Value as string : null;

        /// <summary>
        /// An int[] argument: null when absent or given as null; <paramref name="valid"/> is false when an element is
        /// not an int constant.
        /// </summary>
        public int[]? IntArray(string name, out bool valid)
        {
            valid = true;
            if (!_values.TryGetValue(name, out TypedConstant value) || value.Kind != TypedConstantKind.Array || value.IsNull)
            {
                return null;
            }

            var result = new int[value.Values.Length];
            for (int i = 0; i < result.Length; i++)
            {
                if (value.Values[i].Value is int element)
                {
                    result[i] = element;
                }
                else
                {
                    valid = false;
                }
            }

            return result;
        }

        /// <summary>An enum argument's underlying value.</summary>
        public int Enum(string name, int fallback) =>
            _values.TryGetValue(name, out TypedConstant value) && value.Value is int i ? i : fallback;

        private void Add(string name, TypedConstant value)
        {
            if (value.Kind == TypedConstantKind.Error || (value.Kind != TypedConstantKind.Array && value.Value is null && value.Type?.SpecialType != SpecialType.System_String))
            {
                IsValid = false;
            }

            // Parameter names are camelCase, property names PascalCase: key both the same way.
            _values[Key(name)] = value;
        }

        private static string Key(string name) => name.Length == 0 ? name : char.ToUpperInvariant(name[0]) + name.Substring(1);
    }
}
