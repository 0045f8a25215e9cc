using System.Collections.Generic;
using System.Text;

namespace StreamKit.Generators.Helpers
{
    /// <summary>Turns JSON names into C# identifiers.</summary>
    internal static class Naming
    {
        private static readonly HashSet<string> Keywords = new HashSet<string>
        {
            "abstract","as","base","bool","break","byte","case","catch","char","checked","class","const","continue",
            "decimal","default","delegate","do","double","else","enum","event","explicit","extern","false","finally",
            "fixed","float","for","foreach","goto","if","implicit","in","int","interface","internal","is","lock","long",
            "namespace","new","null","object","operator","out","override","params","private","protected","public",
            "readonly","ref","return","sbyte","sealed","short","sizeof","stackalloc","static","string","struct","switch",
            "this","throw","true","try","typeof","uint","ulong","unchecked","unsafe","ushort","using","virtual","void",
            "volatile","while",
        };

        /// <summary><c>tool_calls</c> → <c>ToolCalls</c>; <c>response.output_text.delta</c> → <c>ResponseOutputTextDelta</c>.</summary>
        public static string Pascal(string name)
        {
            var sb = new StringBuilder(name.Length);
            bool upper = true;
            foreach (char c in name)
            {
                if (char.IsLetterOrDigit(c))
                {
                    sb.Append(upper ? char.ToUpperInvariant(c) : c);
                    upper = false;
                }
                else
                {
                    upper = true;
                }
            }
            if (sb.Length == 0) return "Value";
            if (char.IsDigit(sb[0])) sb.Insert(0, '_');
            return sb.ToString();
        }

        /// <summary>A camelCase field-safe name, escaped with '@' when it is a C# keyword.</summary>
        public static string Camel(string pascal)
        {
            string s = char.ToLowerInvariant(pascal[0]) + pascal.Substring(1);
            return Keywords.Contains(s) ? "@" + s : s;
        }

        /// <summary>A rough English singular for naming array item types: <c>choices</c> → <c>choice</c>.</summary>
        public static string Singular(string name)
        {
            if (name.EndsWith("ies") && name.Length > 4) return name.Substring(0, name.Length - 3) + "y";
            if (name.EndsWith("sses")) return name.Substring(0, name.Length - 2);
            if (name.EndsWith("s") && !name.EndsWith("ss") && name.Length > 3) return name.Substring(0, name.Length - 1);
            return name + "Item";
        }
    }
}
