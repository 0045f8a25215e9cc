namespace StreamKit.Generators.Model
{
    /// <summary>How a JSON value maps to a C# type.</summary>
    internal enum RefKind
    {
        /// <summary>A JSON string (<c>string</c>).</summary>
        String,
        /// <summary>A JSON integer (<c>long</c>).</summary>
        Integer,
        /// <summary>A JSON number (<c>double</c>).</summary>
        Number,
        /// <summary><c>true</c>/<c>false</c> (<c>bool</c>).</summary>
        Boolean,
        /// <summary>A generated class.</summary>
        Object,
        /// <summary>A generated open enum (a struct over its string value).</summary>
        Enum,
        /// <summary>A generated discriminated union (an interface plus an Unknown case).</summary>
        Union,
        /// <summary>A JSON array (<c>List&lt;T&gt;</c>).</summary>
        Array,
        /// <summary>A JSON object used as a map (<c>Dictionary&lt;string, T&gt;</c>).</summary>
        Map,
        /// <summary>Anything: kept as raw <c>JsonElement</c>.</summary>
        Any,
    }

    /// <summary>A reference to a type. Equal by value: it crosses the incremental cache boundary.</summary>
    internal sealed record TypeRef(RefKind Kind, string? Name = null, TypeRef? Element = null)
    {
        public static readonly TypeRef String = new TypeRef(RefKind.String);
        public static readonly TypeRef Integer = new TypeRef(RefKind.Integer);
        public static readonly TypeRef Number = new TypeRef(RefKind.Number);
        public static readonly TypeRef Boolean = new TypeRef(RefKind.Boolean);
        public static readonly TypeRef Any = new TypeRef(RefKind.Any);

        /// <summary>
        /// While emitting, the namespace that generated names are qualified with (<c>global::Ns.Name</c>), so that
        /// a property named like a type (<c>ServiceTier ServiceTier</c>) never shadows it. Null while building models.
        /// </summary>
        [System.ThreadStatic]
        internal static string? QualifyingNamespace;

        /// <summary>A generated type's name as emitted code must spell it.</summary>
        public static string Q(string name) => QualifyingNamespace is null ? name : "global::" + QualifyingNamespace + "." + name;

        public bool IsValueType => Kind is RefKind.Integer or RefKind.Number or RefKind.Boolean or RefKind.Enum or RefKind.Any;

        /// <summary>The C# type name, without nullability.</summary>
        public string CSharp => Kind switch
        {
            RefKind.String => "string",
            RefKind.Integer => "long",
            RefKind.Number => "double",
            RefKind.Boolean => "bool",
            RefKind.Object or RefKind.Enum => Q(Name!),
            RefKind.Union => Q("I" + Name!),
            RefKind.Array => "global::System.Collections.Generic.List<" + Element!.CSharp + ">",
            RefKind.Map => "global::System.Collections.Generic.Dictionary<string, " + Element!.CSharp + ">",
            _ => "global::System.Text.Json.JsonElement",
        };

        /// <summary>The JSON token kind this type is read from (used to pick a token-kind union branch).</summary>
        public string TokenKind => Kind switch
        {
            RefKind.String or RefKind.Enum => "String",
            RefKind.Integer or RefKind.Number => "Number",
            RefKind.Boolean => "Boolean",
            RefKind.Array => "Array",
            RefKind.Any => "Any",
            _ => "Object",
        };

        public override string ToString() => CSharp;
    }
}
