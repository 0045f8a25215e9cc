using System.Collections.Generic;
using StreamKit.Generators.Helpers;
using StreamKit.Generators.Json;
using StreamKit.Generators.Model;

namespace StreamKit.Generators.Building
{
    /// <summary>Schema node → C# shape: $ref, const, enum, the three nullable spellings, unions, allOf, arrays, maps.</summary>
    internal sealed partial class ModelBuilder
    {
        /// <summary>Keywords with validation or composition semantics StreamKit does not model.</summary>
        private static readonly string[] UnsupportedKeywords =
        {
            "not", "if", "then", "else", "patternProperties", "prefixItems", "$dynamicRef", "dependentSchemas",
            "unevaluatedProperties", "unevaluatedItems", "contains", "$recursiveRef",
        };

        private Resolved ResolveDef(string key)
        {
            if (_defCache.TryGetValue(key, out var cached)) return cached;
            var node = _defs[key];
            if (!_defsInProgress.Add(key))
            {
                // An alias that refers back to itself without going through an object: nothing to type.
                return new Resolved(TypeRef.Any, true);
            }
            var r = ResolveCore(node, DefTypeName(key, node), "#/$defs/" + key, key);
            _defsInProgress.Remove(key);
            _defCache[key] = r;
            return r;
        }

        private Resolved ResolveRef(string reference, JsonNode at)
        {
            string? key = DefKey(reference);
            if (key is not null && _defs.ContainsKey(key)) return ResolveDef(key);
            Report(StreamKitGenerator.Descriptors.UnresolvedRef, at, reference);
            return new Resolved(TypeRef.Any, true);
        }

        private static string? DefKey(string reference)
        {
            foreach (var prefix in new[] { "#/$defs/", "#/definitions/" })
            {
                if (reference.StartsWith(prefix, System.StringComparison.Ordinal))
                    return reference.Substring(prefix.Length).Replace("~1", "/").Replace("~0", "~");
            }
            return null;
        }

        /// <summary>Follows <c>$ref</c> chains to the node that has the content.</summary>
        private JsonNode Deref(JsonNode node)
        {
            for (int i = 0; i < 32 && node.GetString("$ref") is string r; i++)
            {
                string? key = DefKey(r);
                if (key is null || !_defs.TryGetValue(key, out var next)) return node;
                node = next;
            }
            return node;
        }

        private Resolved Resolve(JsonNode node, string contextName, string pointer) =>
            ResolveCore(node, node.GetString("x-streamkit-name") ?? contextName, pointer, null);

        /// <param name="defKey">Set when <paramref name="node"/> is a $defs entry: its type is cached before members are built (recursion).</param>
        private Resolved ResolveCore(JsonNode node, string name, string pointer, string? defKey)
        {
            _ct.ThrowIfCancellationRequested();
            if (node.Kind != JsonKind.Object) return new Resolved(TypeRef.Any, true);
            foreach (var keyword in UnsupportedKeywords)
            {
                if (node.Get(keyword) is JsonNode k) Report(StreamKitGenerator.Descriptors.UnsupportedKeyword, k, keyword, pointer);
            }

            bool nullable = node.GetBool("nullable");

            if (node.GetString("$ref") is string reference)
            {
                return ResolveRef(reference, node.Get("$ref")!).WithNullable(nullable || ResolveRefNullable(reference));
            }

            if (node.Get("const") is JsonNode constant)
            {
                return constant.Kind switch
                {
                    JsonKind.String => new Resolved(TypeRef.String, nullable, constant.Text),
                    JsonKind.Number => new Resolved(IsInteger(constant.Text!) ? TypeRef.Integer : TypeRef.Number, nullable),
                    JsonKind.True or JsonKind.False => new Resolved(TypeRef.Boolean, nullable),
                    _ => new Resolved(TypeRef.Any, true),
                };
            }

            if (node.Get("enum") is { Kind: JsonKind.Array } enumNode) return ResolveEnum(node, enumNode, name, nullable, defKey);

            var union = node.Get("anyOf") ?? node.Get("oneOf");
            if (union is { Kind: JsonKind.Array })
            {
                return ResolveUnion(node, union, name, pointer, nullable, defKey);
            }

            var allOf = node.Get("allOf");
            if (allOf is { Kind: JsonKind.Array } && allOf.Items.Count == 1 && node.Get("properties") is null)
            {
                return ResolveCore(allOf.Items[0], name, pointer + "/allOf/0", defKey).WithNullable(nullable);
            }

            var types = new List<string>();
            var typeNode = node.Get("type");
            if (typeNode is { Kind: JsonKind.String }) types.Add(typeNode.Text!);
            else if (typeNode is { Kind: JsonKind.Array })
            {
                foreach (var t in typeNode.Items) if (t.Kind == JsonKind.String) types.Add(t.Text!);
            }
            if (types.Remove("null")) nullable = true;

            if (types.Count > 1)
            {
                // type: ["string", "integer"]: a token-kind union of primitives.
                var primary = PrimitiveOf(types[0]);
                var alternates = new List<KeyValuePair<string?, TypeRef>>();
                for (int i = 1; i < types.Count; i++) alternates.Add(new KeyValuePair<string?, TypeRef>(null, PrimitiveOf(types[i])));
                return new Resolved(primary, nullable, null, alternates);
            }

            string? type = types.Count == 1 ? types[0] : null;
            bool hasProperties = node.Get("properties") is not null || allOf is not null;
            if (type == "object" || hasProperties || (type is null && node.Get("additionalProperties") is { IsObject: true }))
            {
                if (!hasProperties)
                {
                    if (node.Get("additionalProperties") is { IsObject: true } ap)
                    {
                        var value = Resolve(ap, name + "Value", pointer + "/additionalProperties");
                        return new Resolved(new TypeRef(RefKind.Map, null, value.Type), nullable);
                    }
                    return new Resolved(TypeRef.Any, nullable);
                }
                return BuildObject(node, name, pointer, nullable, defKey);
            }

            switch (type)
            {
                case "array":
                    var items = node.Get("items");
                    var element = items is null ? new Resolved(TypeRef.Any, true) : Resolve(items, Naming.Singular(name), pointer + "/items");
                    return new Resolved(new TypeRef(RefKind.Array, null, element.Type), nullable);
                case "string": return new Resolved(TypeRef.String, nullable);
                case "integer": return new Resolved(TypeRef.Integer, nullable);
                case "number": return new Resolved(TypeRef.Number, nullable);
                case "boolean": return new Resolved(TypeRef.Boolean, nullable);
                case null when node.Get("items") is JsonNode looseItems:
                    var looseElement = Resolve(looseItems, Naming.Singular(name), pointer + "/items");
                    return new Resolved(new TypeRef(RefKind.Array, null, looseElement.Type), nullable);
                default:
                    return new Resolved(TypeRef.Any, true);
            }
        }

        private bool ResolveRefNullable(string reference)
        {
            string? key = DefKey(reference);
            return key is not null && _defCache.TryGetValue(key, out var r) && r.Nullable;
        }

        private static bool IsInteger(string number) => number.IndexOfAny(new[] { '.', 'e', 'E' }) < 0;

        private static TypeRef PrimitiveOf(string type) => type switch
        {
            "string" => TypeRef.String,
            "integer" => TypeRef.Integer,
            "number" => TypeRef.Number,
            "boolean" => TypeRef.Boolean,
            _ => TypeRef.Any,
        };

        private Resolved ResolveEnum(JsonNode node, JsonNode enumNode, string name, bool nullable, string? defKey)
        {
            var values = new List<string>();
            bool numeric = false;
            foreach (var v in enumNode.Items)
            {
                if (v.Kind == JsonKind.Null) nullable = true;
                else if (v.Kind == JsonKind.String) { if (!values.Contains(v.Text!)) values.Add(v.Text!); }
                else if (v.Kind == JsonKind.Number) numeric = true;
            }
            if (numeric) return new Resolved(TypeRef.Integer, nullable);
            if (values.Count == 0) return new Resolved(TypeRef.Any, true);
            if (values.Count == 1) return new Resolved(TypeRef.String, nullable, values[0]);

            string valueKey = string.Join("\u0001", values);
            if (defKey is null && _enumsByValues.TryGetValue(valueKey, out var existing))
            {
                return new Resolved(new TypeRef(RefKind.Enum, existing), nullable);
            }
            var t = AddType(TypeKind.Enum, UniqueTypeName(name, node, defKey is not null), Doc(node));
            t.EnumValues.AddRange(values);
            if (defKey is null) _enumsByValues[valueKey] = t.Name;
            return new Resolved(new TypeRef(RefKind.Enum, t.Name), nullable);
        }

        private static bool IsNullSchema(JsonNode n) =>
            n.GetString("type") == "null" && n.Get("properties") is null || (n.Get("enum") is { Kind: JsonKind.Array } e && e.Items.Count == 1 && e.Items[0].Kind == JsonKind.Null);

        /// <summary>The JSON token kind a schema accepts: object, string, array, number, boolean, or any.</summary>
        private string Classify(JsonNode node)
        {
            node = Deref(node);
            if (node.Kind != JsonKind.Object) return "any";
            if (node.Get("properties") is not null || node.Get("allOf") is not null) return "object";
            if (node.Get("const") is JsonNode c) return c.Kind == JsonKind.String ? "string" : c.Kind == JsonKind.Number ? "number" : "any";
            if (node.Get("enum") is not null) return "string";
            var alts = node.Get("anyOf") ?? node.Get("oneOf");
            if (alts is { Kind: JsonKind.Array })
            {
                string? kind = null;
                foreach (var a in alts.Items)
                {
                    if (IsNullSchema(a)) continue;
                    string k = Classify(a);
                    if (kind is null) kind = k;
                    else if (kind != k) return "any";
                }
                return kind ?? "any";
            }
            string? type = node.GetString("type");
            if (type is null && node.Get("type") is { Kind: JsonKind.Array } ta)
            {
                foreach (var t in ta.Items) if (t.Text != "null") { type = t.Text; break; }
            }
            return type switch
            {
                "object" => "object",
                "string" => "string",
                "array" => "array",
                "integer" or "number" => "number",
                "boolean" => "boolean",
                _ => "any",
            };
        }

        private Resolved ResolveUnion(JsonNode node, JsonNode union, string name, string pointer, bool nullable, string? defKey)
        {
            var variants = new List<JsonNode>();
            foreach (var a in union.Items)
            {
                if (IsNullSchema(a)) nullable = true;
                else variants.Add(a);
            }
            if (variants.Count == 0) return new Resolved(TypeRef.Any, true);
            if (variants.Count == 1) return ResolveCore(variants[0], defKey is null ? variants[0].GetString("x-streamkit-name") ?? name : name, pointer + "/anyOf/0", defKey).WithNullable(nullable || variants[0].GetBool("nullable"));

            var kinds = new List<string>();
            foreach (var v in variants) kinds.Add(Classify(v));

            if (kinds.TrueForAll(k => k == "object"))
            {
                string tag = node.Get("discriminator")?.GetString("propertyName") ?? "type";
                bool anyTagged = false;
                foreach (var v in variants) if (HasTagOrIsUnion(v, tag)) { anyTagged = true; break; }
                if (!anyTagged)
                {
                    Report(StreamKitGenerator.Descriptors.UnsupportedShape, union, pointer, "a union of objects with no discriminator");
                    return new Resolved(TypeRef.Any, nullable);
                }
                return BuildUnion(node, variants, name, tag, pointer, nullable, defKey);
            }

            if (kinds.TrueForAll(k => k == "string")) return new Resolved(TypeRef.String, nullable);

            var seen = new HashSet<string>();
            bool distinct = true;
            foreach (var k in kinds) if (k == "any" || !seen.Add(k)) distinct = false;
            if (!distinct)
            {
                Report(StreamKitGenerator.Descriptors.UnsupportedShape, union, pointer, "a union whose branches share a JSON token kind and have no discriminator");
                return new Resolved(TypeRef.Any, nullable);
            }

            var primary = ResolveCore(variants[0], name, pointer + "/anyOf/0", defKey);
            var alternates = new List<KeyValuePair<string?, TypeRef>>();
            for (int i = 1; i < variants.Count; i++)
            {
                var alt = Resolve(variants[i], name + Naming.Pascal(kinds[i]), pointer + "/anyOf/" + i);
                alternates.Add(new KeyValuePair<string?, TypeRef>(variants[i].GetString("x-streamkit-property-name"), alt.Type));
            }
            return new Resolved(primary.Type, nullable, primary.ConstValue, alternates);
        }

        private bool HasTagOrIsUnion(JsonNode variant, string tag)
        {
            var d = Deref(variant);
            return GetTagValues(d, tag).Count > 0 || d.Get("anyOf") is not null || d.Get("oneOf") is not null;
        }

        /// <summary>The constant values an object schema declares for its discriminator property.</summary>
        private List<string> GetTagValues(JsonNode objectNode, string tag)
        {
            var props = new List<KeyValuePair<string, JsonNode>>();
            CollectObjectParts(Deref(objectNode), props, new HashSet<string>(), 0);
            var result = new List<string>();
            JsonNode? tagNode = null;
            foreach (var p in props) if (p.Key == tag) tagNode = p.Value;
            if (tagNode is null) return result;
            CollectConstants(Deref(tagNode), result);
            return result;
        }

        private void CollectConstants(JsonNode n, List<string> into)
        {
            if (n.GetString("const") is string c) { into.Add(c); return; }
            if (n.Get("enum") is { Kind: JsonKind.Array } e)
            {
                foreach (var v in e.Items) if (v.Kind == JsonKind.String) into.Add(v.Text!);
                return;
            }
            var alts = n.Get("anyOf") ?? n.Get("oneOf");
            if (alts is { Kind: JsonKind.Array })
            {
                foreach (var a in alts.Items) CollectConstants(Deref(a), into);
            }
        }

        private Resolved BuildUnion(JsonNode node, List<JsonNode> variants, string name, string tag, string pointer, bool nullable, string? defKey)
        {
            var identity = new List<string>();
            foreach (var v in variants) identity.Add(v.GetString("$ref") ?? pointer + "@" + v.Start);
            string unionKey = tag + "|" + string.Join("|", identity);
            if (defKey is null && _unionsByCases.TryGetValue(unionKey, out var existing))
            {
                return new Resolved(new TypeRef(RefKind.Union, existing), nullable);
            }

            var union = AddType(TypeKind.Union, UniqueTypeName(name, node, defKey is not null), Doc(node));
            union.UnionTag = tag;
            var resolved = new Resolved(new TypeRef(RefKind.Union, union.Name), nullable);
            if (defKey is not null) _defCache[defKey] = resolved;
            else _unionsByCases[unionKey] = union.Name;

            for (int i = 0; i < variants.Count; i++)
            {
                var v = variants[i];
                var d = Deref(v);
                var tags = GetTagValues(d, tag);
                Resolved vr;
                if (v.GetString("$ref") is string r) vr = ResolveRef(r, v.Get("$ref")!);
                else
                {
                    string vName = v.GetString("x-streamkit-name")
                        ?? (v.GetString("title") is string title ? Naming.Pascal(title) : name + (tags.Count > 0 ? Naming.Pascal(tags[0]) : "Variant" + i));
                    vr = ResolveCore(v, vName, pointer + "/anyOf/" + i, null);
                }

                if (vr.Type.Kind == RefKind.Union && _typesByName.TryGetValue(vr.Type.Name!, out var nested))
                {
                    // Nested union: flatten its cases into this one.
                    foreach (var c in nested.Cases) AddCase(union, c.Tag, c.TypeName, v, name);
                    continue;
                }
                if (vr.Type.Kind != RefKind.Object || !_typesByName.TryGetValue(vr.Type.Name!, out var variantType))
                {
                    Report(StreamKitGenerator.Descriptors.UntaggedVariant, v, vr.Type.CSharp, union.Name, tag);
                    continue;
                }
                if (!variantType.Implements.Contains(union.Name)) variantType.Implements.Add(union.Name);
                if (tags.Count == 0)
                {
                    Report(StreamKitGenerator.Descriptors.UntaggedVariant, v, variantType.Name, union.Name, tag);
                    continue;
                }
                foreach (var t in tags) AddCase(union, t, variantType.Name, v, name);
            }
            return resolved;
        }

        private void AddCase(TypeBuilder union, string tag, string typeName, JsonNode at, string unionName)
        {
            foreach (var c in union.Cases)
            {
                if (c.Tag != tag) continue;
                if (c.TypeName != typeName) Report(StreamKitGenerator.Descriptors.AmbiguousTag, at, tag, unionName, c.TypeName, typeName);
                return;
            }
            union.Cases.Add(new UnionCase(tag, typeName));
            if (_typesByName.TryGetValue(typeName, out var t) && !t.Implements.Contains(union.Name)) t.Implements.Add(union.Name);
        }

        /// <summary>Flattens allOf parts (following $ref) into one property list and one required set.</summary>
        private void CollectObjectParts(JsonNode node, List<KeyValuePair<string, JsonNode>> props, HashSet<string> required, int depth)
        {
            if (depth > 16 || node.Kind != JsonKind.Object) return;
            if (node.Get("allOf") is { Kind: JsonKind.Array } allOf)
            {
                foreach (var part in allOf.Items) CollectObjectParts(Deref(part), props, required, depth + 1);
            }
            if (node.Get("properties") is { IsObject: true } properties)
            {
                foreach (var m in properties.Members)
                {
                    int existing = props.FindIndex(p => p.Key == m.Key);
                    if (existing >= 0) props[existing] = m;
                    else props.Add(m);
                }
            }
            if (node.Get("required") is { Kind: JsonKind.Array } req)
            {
                foreach (var r in req.Items) if (r.Kind == JsonKind.String) required.Add(r.Text!);
            }
        }

        private Resolved BuildObject(JsonNode node, string name, string pointer, bool nullable, string? defKey)
        {
            var t = AddType(TypeKind.Object, UniqueTypeName(name, node, defKey is not null), Doc(node));
            t.Node = node;
            var resolved = new Resolved(new TypeRef(RefKind.Object, t.Name), nullable);
            if (defKey is not null) _defCache[defKey] = resolved;

            var props = new List<KeyValuePair<string, JsonNode>>();
            var required = new HashSet<string>();
            CollectObjectParts(node, props, required, 0);

            var taken = new HashSet<string> { t.Name, "ExtensionData", "ReadJson", "WriteJson", "Parse", "ToJson" };
            foreach (var p in props)
            {
                var pr = Resolve(p.Value, t.Name + Naming.Pascal(p.Key), pointer + "/properties/" + p.Key);
                string clr = Claim(taken, p.Value.GetString("x-streamkit-property-name") ?? Naming.Pascal(p.Key), p.Key, p.Value);
                var alternates = new List<AlternateSpec>();
                if (pr.Alternates is not null)
                {
                    foreach (var a in pr.Alternates)
                    {
                        string altName = Claim(taken, a.Key ?? clr + "As" + a.Value.TokenKind, p.Key, p.Value);
                        alternates.Add(new AlternateSpec(altName, a.Value));
                    }
                }
                var spec = new PropertySpec(p.Key, clr, pr.Type, required.Contains(p.Key), pr.Nullable, Doc(p.Value), pr.ConstValue, alternates.ToEquatable());
                // Only a plain nullable member can live in the side object (a presence flag, a constant or an alternate stays inline).
                if (p.Value.GetBool("x-streamkit-rare"))
                {
                    string? why = !IsDeclaredNullable(spec) ? "it is a required value (it has a presence flag)"
                        : spec.ConstValue is not null ? "it has a constant"
                        : alternates.Count > 0 ? "it has token-kind alternates"
                        : null;
                    if (why is null) spec = spec with { Rare = true };
                    else Report(StreamKitGenerator.Descriptors.RareNotApplicable, p.Value, p.Key, why);
                }
                t.Properties.Add(new PropertyDraft(spec, p.Value));
            }
            return resolved;
        }

        private string Claim(HashSet<string> taken, string desired, string jsonName, JsonNode at)
        {
            if (taken.Add(desired)) return desired;
            int n = 2;
            while (!taken.Add(desired + n)) n++;
            Report(StreamKitGenerator.Descriptors.NameCollision, at, jsonName, desired, desired + n);
            return desired + n;
        }

        private static string? Doc(JsonNode node) => node.GetString("description") ?? node.GetString("title");
    }
}
