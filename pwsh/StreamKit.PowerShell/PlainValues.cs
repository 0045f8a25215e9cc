using System.Collections;
using System.Collections.Specialized;
using System.Management.Automation;

namespace StreamKit.PowerShell
{
    /// <summary>Unwraps what PowerShell passes (PSObject, PSCustomObject) into plain .NET values for the engine.</summary>
    internal static class PlainValues
    {
        public static object? From(object? value, int depth = 0)
        {
            if (depth > 64) return value?.ToString();
            switch (value)
            {
                case null:
                    return null;
                case PSObject pso when pso.BaseObject is PSCustomObject:
                    var map = new OrderedDictionary();
                    foreach (var p in pso.Properties) map[p.Name] = From(p.Value, depth + 1);
                    return map;
                case PSObject pso:
                    return From(pso.BaseObject, depth + 1);
                case string s:
                    return s;
                case IDictionary d:
                    var copy = new OrderedDictionary();
                    foreach (DictionaryEntry kv in d) copy[From(kv.Key, depth + 1) ?? ""] = From(kv.Value, depth + 1);
                    return copy;
                case IEnumerable list when value is not LlmResult:
                    var items = new System.Collections.Generic.List<object?>();
                    foreach (var item in list) items.Add(From(item, depth + 1));
                    return items;
                default:
                    return value;
            }
        }
    }
}
