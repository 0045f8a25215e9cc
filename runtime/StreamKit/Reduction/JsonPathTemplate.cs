using System;
using System.Collections.Generic;
using System.Text;

namespace StreamKit.Reduction
{
    /// <summary>
    /// A path into a snapshot with indexed segments filled from each event:
    /// <c>output[output_index].content[content_index].text</c>. Parsed once; generated reducers keep them static.
    /// </summary>
    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
    public sealed class JsonPathTemplate
    {
        private JsonPathTemplate(string text, Segment[] segments, int indexCount, TypedPathAccessor? typed)
        {
            Text = text;
            Segments = segments;
            IndexCount = indexCount;
            Typed = typed;
        }

        /// <summary>The template as written.</summary>
        public string Text { get; }

        /// <summary>How many indices an event must supply.</summary>
        public int IndexCount { get; }

        internal Segment[] Segments { get; }

        /// <summary>The generated typed navigation along this path, or null (the state then works on JSON nodes only).</summary>
        internal TypedPathAccessor? Typed { get; }

        internal readonly struct Segment
        {
            public Segment(string name, bool indexed)
            {
                Name = name;
                Indexed = indexed;
            }

            /// <summary>The member name.</summary>
            public string Name { get; }

            /// <summary>Whether the member is an array addressed by the next index.</summary>
            public bool Indexed { get; }
        }

        /// <summary>Parses <c>name</c>, <c>name[index_field]</c> segments separated by dots.</summary>
        /// <exception cref="FormatException">The template is empty or has an empty or unclosed segment.</exception>
        public static JsonPathTemplate Parse(string template) => Parse(template, null);

        /// <summary>
        /// Parses the template (as <see cref="Parse(string)"/>) with the generated typed navigation along it: an
        /// <see cref="EventReductionState"/> with a typed root applies operations through <paramref name="typed"/>, and
        /// works on JSON nodes only where it returns false.
        /// </summary>
        /// <exception cref="FormatException">The template is empty or has an empty or unclosed segment.</exception>
        public static JsonPathTemplate Parse(string template, TypedPathAccessor? typed)
        {
            if (string.IsNullOrEmpty(template)) throw new FormatException("A path template cannot be empty.");
            var segments = new List<Segment>();
            int indices = 0;
            foreach (var part in template.Split('.'))
            {
                int open = part.IndexOf('[');
                if (open < 0)
                {
                    if (part.Length == 0) throw new FormatException("Empty segment in path template '" + template + "'.");
                    segments.Add(new Segment(part, false));
                    continue;
                }
                if (open == 0 || !part.EndsWith("]", StringComparison.Ordinal)) throw new FormatException("Bad segment '" + part + "' in path template '" + template + "'.");
                segments.Add(new Segment(part.Substring(0, open), true));
                indices++;
            }
            return new JsonPathTemplate(template, segments.ToArray(), indices, typed);
        }

        /// <summary>The concrete path for <paramref name="indices"/>, such as <c>output[2].content[0].text</c>.</summary>
        internal string Concrete(ReadOnlySpan<long> indices)
        {
            var sb = new StringBuilder();
            int i = 0;
            foreach (var s in Segments)
            {
                if (sb.Length > 0) sb.Append('.');
                sb.Append(s.Name);
                if (s.Indexed) sb.Append('[').Append(indices[i++]).Append(']');
            }
            return sb.ToString();
        }

        /// <inheritdoc/>
        public override string ToString() => Text;
    }
}
