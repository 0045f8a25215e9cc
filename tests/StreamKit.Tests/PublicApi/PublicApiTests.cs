using System;
using System.CodeDom.Compiler;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using StreamKit.Tests.Support;
using Xunit;

namespace StreamKit.Tests.PublicApi
{
    /// <summary>
    /// The hand-written public surface of each shipped assembly, compared with its checked-in PublicAPI.txt so a change
    /// to it is visible in review (the public-API analyzer does not restore here). Generated types are counted per
    /// namespace, not listed. Refresh with STREAMKIT_UPDATE_API=1.
    /// </summary>
    public sealed class PublicApiTests
    {
        [Theory]
        [InlineData("StreamKit", "runtime/StreamKit/PublicAPI.txt")]
        [InlineData("StreamKit.Replay", "runtime/StreamKit.Replay/PublicAPI.txt")]
        public void Public_surface_matches_the_checked_in_listing(string assemblyName, string listing)
        {
            var assembly = Assembly.Load(assemblyName);
            string actual = Describe(assembly);
            string path = Path.Combine(TestPaths.RepoRoot, listing);
            if (Environment.GetEnvironmentVariable("STREAMKIT_UPDATE_API") == "1") File.WriteAllText(path, actual);
            Assert.True(File.Exists(path), "missing " + listing + "; run the tests with STREAMKIT_UPDATE_API=1");
            Assert.Equal(File.ReadAllText(path).Replace("\r\n", "\n"), actual);
        }

        internal static string Describe(Assembly assembly)
        {
            var sb = new StringBuilder();
            var types = assembly.GetExportedTypes();
            var generated = types.Where(t => t.GetCustomAttribute<GeneratedCodeAttribute>() is not null && !t.IsNested).ToList();
            var written = types.Where(t => t.GetCustomAttribute<GeneratedCodeAttribute>() is null && (!t.IsNested || t.DeclaringType!.GetCustomAttribute<GeneratedCodeAttribute>() is null)).ToList();
            sb.Append("# Hand-written public types: ").Append(written.Count(t => !t.IsNested)).Append('\n');
            foreach (var g in written.Where(t => !t.IsNested).GroupBy(t => t.Namespace).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                sb.Append("#   ").Append(g.Key).Append(": ").Append(g.Count()).Append(g.Any(t => t.GetCustomAttribute<System.ComponentModel.EditorBrowsableAttribute>()?.State == System.ComponentModel.EditorBrowsableState.Never)
                    ? " (" + g.Count(t => t.GetCustomAttribute<System.ComponentModel.EditorBrowsableAttribute>()?.State == System.ComponentModel.EditorBrowsableState.Never) + " hidden from IntelliSense)" : "").Append('\n');
            }
            sb.Append("# Generated public types: ").Append(generated.Count).Append('\n');
            foreach (var g in generated.GroupBy(t => t.Namespace).OrderBy(g => g.Key, StringComparer.Ordinal))
                sb.Append("#   ").Append(g.Key).Append(": ").Append(g.Count()).Append('\n');
            foreach (var type in written.OrderBy(t => t.FullName, StringComparer.Ordinal))
            {
                sb.Append('\n').Append(Kind(type)).Append(' ').Append(Name(type));
                if (type.BaseType is { } b && b != typeof(object) && b != typeof(ValueType) && b != typeof(Enum) && b != typeof(MulticastDelegate)) sb.Append(" : ").Append(Name(b));
                sb.Append('\n');
                foreach (var line in Members(type).OrderBy(l => l, StringComparer.Ordinal)) sb.Append("  ").Append(line).Append('\n');
            }
            return sb.ToString();
        }

        private static IEnumerable<string> Members(Type type)
        {
            const BindingFlags flags = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
            if (type.IsEnum)
            {
                foreach (var f in type.GetFields(BindingFlags.Public | BindingFlags.Static)) yield return f.Name;
                yield break;
            }
            foreach (var c in type.GetConstructors(flags).Where(Visible)) yield return "ctor(" + Parameters(c) + ")";
            foreach (var m in type.GetMethods(flags).Where(m => Visible(m) && !m.IsSpecialName)) yield return (m.IsStatic ? "static " : m.IsAbstract ? "abstract " : m.IsVirtual && m.GetBaseDefinition() == m && !type.IsInterface ? "virtual " : "") + Name(m.ReturnType) + " " + m.Name + Generic(m) + "(" + Parameters(m) + ")";
            foreach (var p in type.GetProperties(flags).Where(p => (p.GetMethod ?? p.SetMethod) is { } a && Visible(a)))
                yield return Name(p.PropertyType) + " " + p.Name + " {" + (p.GetMethod is { } g && Visible(g) ? " get;" : "") + (p.SetMethod is { } s && Visible(s) ? " set;" : "") + " }";
            foreach (var f in type.GetFields(flags).Where(f => f.IsPublic || f.IsFamily || f.IsFamilyOrAssembly)) yield return (f.IsLiteral ? "const " : f.IsStatic ? "static " : "") + Name(f.FieldType) + " " + f.Name;
        }

        private static bool Visible(MethodBase m) => m.IsPublic || m.IsFamily || m.IsFamilyOrAssembly;

        private static string Generic(MethodInfo m) => m.IsGenericMethodDefinition ? "<" + string.Join(", ", m.GetGenericArguments().Select(a => a.Name)) + ">" : "";

        private static string Parameters(MethodBase m) => string.Join(", ", m.GetParameters().Select(p => (p.IsOut ? "out " : p.ParameterType.IsByRef ? (p.IsIn ? "in " : "ref ") : "") + Name(p.ParameterType) + " " + p.Name + (p.HasDefaultValue ? " = " + (p.DefaultValue ?? "null") : "")));

        private static string Kind(Type t) => t.IsInterface ? "interface" : t.IsEnum ? "enum" : t.IsValueType ? "struct" : typeof(Delegate).IsAssignableFrom(t) ? "delegate" : t.IsAbstract && t.IsSealed ? "static class" : t.IsAbstract ? "abstract class" : t.IsSealed ? "sealed class" : "class";

        private static string Name(Type t)
        {
            if (t.IsByRef) return Name(t.GetElementType()!);
            if (t.IsArray) return Name(t.GetElementType()!) + "[]";
            if (Nullable.GetUnderlyingType(t) is { } u) return Name(u) + "?";
            if (t.IsGenericParameter) return t.Name;
            string name = t.IsNested ? Name(t.DeclaringType!) + "." + t.Name : (t.Namespace is { } ns ? ns + "." : "") + t.Name;
            if (t.IsGenericType)
            {
                int tick = name.IndexOf('`');
                if (tick >= 0) name = name.Substring(0, tick);
                name += "<" + string.Join(", ", t.GetGenericArguments().Select(Name)) + ">";
            }
            return name;
        }
    }
}
