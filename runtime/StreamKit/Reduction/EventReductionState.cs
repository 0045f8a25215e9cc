using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace StreamKit.Reduction
{
    /// <summary>
    /// The state behind an event reducer (generated from <c>x-streamkit-event</c> annotations): a snapshot that events
    /// write into by path, text appended in StringBuilders (O(total length), written into the snapshot when it is read),
    /// and the stream's sequence numbers: gaps and duplicates are detected, and a duplicate is not applied twice.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Addressing follows the Responses API: items by <c>output_index</c>, parts by <c>content_index</c>/<c>summary_index</c>.
    /// Arrays grow to the index they are addressed at (gaps stay null; a <c>done</c> may arrive before a lower index is
    /// added); objects on the way are created when missing, so a delta that arrives before its <c>added</c> is kept.
    /// A snapshot event (<c>response.created</c>, <c>response.completed</c>) replaces the root; when the new root has no
    /// output items (null, absent or empty), the output built so far is kept.
    /// </para>
    /// <para>
    /// Two representations, one set of rules. From a typed snapshot event on, the snapshot is the typed object itself
    /// (a copy of the event's): items, parts and texts are set on it through the paths' generated typed navigation
    /// (<see cref="TypedPathAccessor"/>), with no JSON. The first operation the typed graph cannot take (an object on
    /// the way missing, a case of a union without the member: a delta before its item, an unknown item type) turns it
    /// into JSON nodes once, and the stream goes on there; the next authoritative typed snapshot makes it typed again.
    /// Reading the snapshot costs its size either way: a deep copy of the typed root, or a write and a parse of the nodes.
    /// </para>
    /// </remarks>
    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
    public sealed class EventReductionState
    {
        private readonly Dictionary<string, TextBuffer> _text = new Dictionary<string, TextBuffer>(StringComparer.Ordinal);
        // The sequence numbers applied: every number from _lowest to LastSequenceNumber except the holes (sorted, disjoint),
        // so that memory grows with the gaps, not with the events.
        private readonly List<(long From, long To)> _holes = new List<(long, long)>();
        private long _lowest;
        private readonly List<(long From, long To)> _gaps = new List<(long, long)>();
        private JsonObject _root = new JsonObject();
        // The typed root (set by a typed snapshot event, changed in place through typed paths), or null on JSON nodes.
        private TypedLeaf? _typedRoot;
        private (JsonPathTemplate Path, long? I0, long? I1, long? I2, StringBuilder Text)? _lastAppend;
        // The array an empty AppendItems last made sure of (logprobs: [] on every delta); any write forgets it.
        private (JsonPathTemplate Path, long? I0, long? I1, long? I2)? _lastEnsured;
        private int _maxIndex = 4096;

        /// <summary>The highest sequence number applied, or null before any.</summary>
        public long? LastSequenceNumber { get; private set; }

        /// <summary>Missing sequence numbers, as inclusive ranges (a trimmed recording, a dropped event).</summary>
        public IReadOnlyList<(long From, long To)> SequenceGaps => _gaps;

        /// <summary>Events skipped because their sequence number was already applied.</summary>
        public int Duplicates { get; private set; }

        /// <summary>Events whose sequence number was lower than one already applied (applied anyway).</summary>
        public int OutOfOrder { get; private set; }

        /// <summary>Operations that could not be addressed (an index missing from the event).</summary>
        public int Unaddressed { get; private set; }

        /// <summary>The terminal state named by the last terminal event (<c>completed</c>, <c>incomplete</c>, <c>failed</c>), or null.</summary>
        public string? Terminal { get; private set; }

        /// <summary>The highest index an event may address (default 4,096); events beyond it are not applied and are counted in <see cref="HighestIndexSeen"/>.</summary>
        public int MaxIndex
        {
            get => _maxIndex;
            set
            {
                _maxIndex = value;
                _lastAppend = null;
            }
        }

        /// <summary>The highest output, content or summary index any event addressed, applied or not; -1 before any.</summary>
        public long HighestIndexSeen { get; private set; } = -1;

        /// <summary>Characters of text appended so far.</summary>
        public long TextLength { get; private set; }

        /// <summary>The first error reported by an error event (its JSON), or null.</summary>
        public JsonElement? Error { get; private set; }

        /// <summary>Whether operations go through the paths' typed navigation while the root is typed (tests turn it off for the JSON route).</summary>
        internal bool TypedPaths { get; set; } = true;

        /// <summary>How many times a typed root was turned into JSON nodes because an operation could not address it.</summary>
        internal int NodeFallbacks { get; private set; }

        /// <summary>Whether the root is typed (events go through the typed paths) rather than JSON nodes.</summary>
        internal bool IsTyped => _typedRoot is not null;

        /// <summary>
        /// Records an event's sequence number. Returns false (do not apply) for a number already applied.
        /// Events without a number are always applied.
        /// </summary>
        public bool BeginEvent(long? sequenceNumber)
        {
            if (sequenceNumber is not long seq) return true;
            if (!MarkApplied(seq))
            {
                Duplicates++;
                return false;
            }
            if (LastSequenceNumber is long last)
            {
                if (seq > last && seq != last + 1) _gaps.Add((last + 1, seq - 1));
                else if (seq < last) OutOfOrder++;
            }
            if (LastSequenceNumber is null || seq > LastSequenceNumber) LastSequenceNumber = seq;
            return true;
        }

        /// <summary>Records <paramref name="seq"/> as applied; false when it already was.</summary>
        private bool MarkApplied(long seq)
        {
            if (LastSequenceNumber is not long highest)
            {
                _lowest = seq;
                return true;
            }
            if (seq > highest)
            {
                if (seq > highest + 1) _holes.Add((highest + 1, seq - 1));
                return true;
            }
            if (seq < _lowest)
            {
                if (seq < _lowest - 1) _holes.Insert(0, (seq + 1, _lowest - 1));
                _lowest = seq;
                return true;
            }
            int i = HoleAt(seq);
            if (i < 0) return false;
            var (from, to) = _holes[i];
            _holes.RemoveAt(i);
            if (seq < to) _holes.Insert(i, (seq + 1, to));
            if (seq > from) _holes.Insert(i, (from, seq - 1));
            return true;
        }

        /// <summary>The index of the hole holding <paramref name="seq"/>, or -1 (binary search: the holes are sorted and disjoint).</summary>
        private int HoleAt(long seq)
        {
            int lo = 0, hi = _holes.Count - 1;
            while (lo <= hi)
            {
                int mid = lo + (hi - lo) / 2;
                if (seq < _holes[mid].From) hi = mid - 1;
                else if (seq > _holes[mid].To) lo = mid + 1;
                else return mid;
            }
            return -1;
        }

        /// <summary>The root as nodes: a typed root becomes nodes the first time an operation cannot go through it typed.</summary>
        private JsonObject Root
        {
            get
            {
                if (_typedRoot is { } leaf)
                {
                    _root = leaf.ToNode() as JsonObject ?? new JsonObject();
                    _typedRoot = null;
                    NodeFallbacks++;
                }
                return _root;
            }
        }

        /// <summary>Applies <paramref name="operation"/> at the path through its typed navigation; false (nothing changed) when the root is not typed or the path does not lead there.</summary>
        private bool TryTyped(JsonPathTemplate path, TypedPathOperation operation, long[] indices, ref object? value)
        {
            if (_typedRoot is not { } leaf || path.Typed is not { } typed || !TypedPaths) return false;
            long i0 = indices.Length > 0 ? indices[0] : 0, i1 = indices.Length > 1 ? indices[1] : 0, i2 = indices.Length > 2 ? indices[2] : 0;
            return typed(leaf.Value, operation, i0, i1, i2, ref value);
        }

        /// <summary>Replaces the root with <paramref name="snapshot"/> (keeping the output built so far when it has none) and records a terminal state.</summary>
        public void ReplaceRoot(JsonNode? snapshot, string? terminal)
        {
            if (terminal is not null) Terminal = terminal;
            if (snapshot is not JsonObject next) return;
            // A snapshot with items is authoritative; one without (output null, absent or []) keeps what was built.
            bool authoritative = next["output"] is JsonArray a && a.Count > 0;
            if (!authoritative && Root["output"] is JsonNode built)
            {
                Flush();
                _root.Remove("output");
                next["output"] = built;
            }
            else
            {
                _text.Clear();
            }
            _lastAppend = null;
            _lastEnsured = null;
            _typedRoot = null;
            _root = next;
        }

        /// <summary>
        /// Replaces the root with the typed <paramref name="snapshot"/> (its JSON written by <paramref name="write"/>;
        /// <paramref name="hasOutput"/>: its <c>output</c> has items), as <see cref="ReplaceRoot(JsonNode?, string?)"/> does.
        /// The root stays typed (see the remarks on the class): the state keeps the object itself and changes it, so nothing
        /// else may hold it (generated reducers pass a copy of the event's). <paramref name="keepOutput"/> moves the output
        /// built so far onto a snapshot without items (returning whether there was any), so that the root stays typed then too;
        /// without it such a snapshot turns the state into JSON nodes.
        /// </summary>
        public void ReplaceRoot<T>(T? snapshot, Action<Utf8JsonWriter, T> write, bool hasOutput, string? terminal, Func<T, T, bool>? keepOutput = null) where T : class
        {
            if (snapshot is not null && !hasOutput && _typedRoot?.Value is T built && keepOutput is not null && TypedPaths)
            {
                if (terminal is not null) Terminal = terminal;
                // The texts being appended address the output, which moves over with its objects: they stay.
                if (!keepOutput(snapshot, built)) _text.Clear();
                _lastAppend = null;
                _lastEnsured = null;
                _typedRoot = TypedLeaf.For(snapshot, write);
                return;
            }
            if (snapshot is null || (!hasOutput && (_typedRoot is not null || _root["output"] is not null)))
            {
                ReplaceRoot(snapshot is null ? null : Serialization.GeneratedJson.ToNode(snapshot, write), terminal);
                return;
            }
            if (terminal is not null) Terminal = terminal;
            _text.Clear();
            _lastAppend = null;
            _lastEnsured = null;
            _root = EmptyRoot;
            _typedRoot = TypedLeaf.For(snapshot, write);
        }

        // Never written to: Root replaces it before any write, because a typed root is set with it.
        private static readonly JsonObject EmptyRoot = new JsonObject();

        /// <summary>
        /// The typed root, with the text appended so far written in, while the state is typed (then a deep copy of it is the
        /// snapshot, with no JSON); false on JSON nodes. The object is the state's own and later events change it: copy it.
        /// </summary>
        public bool TryGetTypedRoot<T>(out T root) where T : class
        {
            root = null!;
            if (_typedRoot?.Value is not T typed || !FlushTyped()) return false;
            root = typed;
            return true;
        }

        /// <summary>Writes the text buffers into the typed root; false (the state is then on nodes) when one cannot be addressed.</summary>
        private bool FlushTyped()
        {
            foreach (var entry in _text.Values)
            {
                // Only appended to: the same length is the same text, already in the root (a snapshot per event stays cheap).
                if (entry.Text.Length == entry.TypedLength) continue;
                object? text = entry.Text.ToString();
                if (TryTyped(entry.Path, TypedPathOperation.SetText, entry.Indices, ref text))
                {
                    entry.TypedLength = entry.Text.Length;
                    continue;
                }
                _ = Root;
                return false;
            }
            return true;
        }

        /// <summary>Text being appended at one concrete path, and how much of it the typed root holds (-1: none).</summary>
        private sealed class TextBuffer
        {
            public TextBuffer(JsonPathTemplate path, long[] indices, string start)
            {
                Path = path;
                Indices = indices;
                Text = new StringBuilder(start);
            }

            public JsonPathTemplate Path { get; }

            public long[] Indices { get; }

            public StringBuilder Text { get; }

            public int TypedLength { get; set; } = -1;
        }

        /// <summary>Sets the value at the path (creating what is missing) and drops text buffers under it.</summary>
        public void Set(JsonPathTemplate path, JsonNode? value, long? i0 = null, long? i1 = null, long? i2 = null)
        {
            if (!TryIndices(path, i0, i1, i2, out var indices)) return;
            DropTextUnder(path.Concrete(indices));
            Write(path, indices, value);
        }

        /// <summary>
        /// Sets a typed value at the path (its JSON written by <paramref name="write"/>): into the typed root, or kept typed
        /// among the nodes until an event addresses inside it. The state keeps the object itself and may change it, so
        /// nothing else may hold it (generated reducers pass a copy).
        /// </summary>
        public void Set<T>(JsonPathTemplate path, T? value, Action<Utf8JsonWriter, T> write, long? i0 = null, long? i1 = null, long? i2 = null) where T : class
        {
            if (value is null || !TryIndices(path, i0, i1, i2, out var indices)) return;
            DropTextUnder(path.Concrete(indices));
            if (TryTypedValue(path, TypedPathOperation.SetValue, TypedPathOperation.SetJson, indices, value, write)) _lastEnsured = null;
            else Write(path, indices, TypedLeaf.For(value, write).AsNode());
        }

        /// <summary>Applies <paramref name="operation"/> with <paramref name="value"/> typed; when the member is of another type, <paramref name="jsonOperation"/> with its JSON.</summary>
        private bool TryTypedValue<T>(JsonPathTemplate path, TypedPathOperation operation, TypedPathOperation jsonOperation, long[] indices, T value, Action<Utf8JsonWriter, T> write) where T : class
        {
            if (_typedRoot is null || path.Typed is null || !TypedPaths) return false;
            object? typed = value;
            if (TryTyped(path, operation, indices, ref typed)) return true;
            object? json = Serialization.GeneratedJson.ToUtf8(value, write);
            return TryTyped(path, jsonOperation, indices, ref json);
        }

        /// <summary>Sets a string at the path (null does nothing).</summary>
        public void SetText(JsonPathTemplate path, string? value, long? i0 = null, long? i1 = null, long? i2 = null)
        {
            if (value is null || !TryIndices(path, i0, i1, i2, out var indices)) return;
            DropTextUnder(path.Concrete(indices));
            object? typed = value;
            if (TryTyped(path, TypedPathOperation.SetText, indices, ref typed)) _lastEnsured = null;
            else Write(path, indices, JsonValue.Create(value));
        }

        /// <summary>Appends text at the path. The first append starts from the text already there (from an <c>added</c> event).</summary>
        public void AppendText(JsonPathTemplate path, string? value, long? i0 = null, long? i1 = null, long? i2 = null)
        {
            if (value is null) return;
            var text = TextAt(path, i0, i1, i2);
            if (text is null) return;
            text.Append(value);
            TextLength += value.Length;
        }

        /// <summary>Appends <paramref name="length"/> chars of <paramref name="buffer"/> at the path (the reduce-only path: no string per delta).</summary>
        public void AppendText(JsonPathTemplate path, char[] buffer, int length, long? i0 = null, long? i1 = null, long? i2 = null)
        {
            var text = TextAt(path, i0, i1, i2);
            if (text is null) return;
            text.Append(buffer, 0, length);
            TextLength += length;
        }

        /// <summary>The text buffer at the path (started from the text already there), or null when the indices are missing or out of range.</summary>
        private StringBuilder? TextAt(JsonPathTemplate path, long? i0, long? i1, long? i2)
        {
            // Deltas come in runs at one address: the run's buffer is found without building its path string again.
            if (_lastAppend is { } last && ReferenceEquals(last.Path, path) && last.I0 == i0 && last.I1 == i1 && last.I2 == i2) return last.Text;
            if (!TryIndices(path, i0, i1, i2, out var indices)) return null;
            string key = path.Concrete(indices);
            if (!_text.TryGetValue(key, out var entry))
            {
                object? typed = null;
                string start = TryTyped(path, TypedPathOperation.GetText, indices, ref typed) ? typed as string ?? ""
                    : Read(path, indices) is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";
                entry = new TextBuffer(path, indices, start);
                _text[key] = entry;
            }
            _lastAppend = (path, i0, i1, i2, entry.Text);
            return entry.Text;
        }

        /// <summary>Appends the items of <paramref name="items"/> (a JSON array) to the array at the path.</summary>
        public void AppendItems(JsonPathTemplate path, JsonNode? items, long? i0 = null, long? i1 = null, long? i2 = null)
        {
            if (items is not JsonArray add) return;
            if (add.Count == 0)
            {
                EnsureItems(path, i0, i1, i2);
                return;
            }
            if (!TryIndices(path, i0, i1, i2, out var indices)) return;
            var target = ArrayAt(path, indices);
            var moved = new List<JsonNode?>(add);
            add.Clear();
            foreach (var item in moved) target.Add(item);
        }

        /// <summary>
        /// Appends typed <paramref name="items"/> (a list; its JSON written by <paramref name="write"/>) to the list at the
        /// path: into the typed root, or as nodes. The state keeps the items themselves (generated reducers pass a copy).
        /// </summary>
        public void AppendItems<T>(JsonPathTemplate path, T? items, Action<Utf8JsonWriter, T> write, long? i0 = null, long? i1 = null, long? i2 = null) where T : class
        {
            if (items is null) return;
            if (items is System.Collections.ICollection { Count: 0 })
            {
                EnsureItems(path, i0, i1, i2);
                return;
            }
            if (!TryIndices(path, i0, i1, i2, out var indices)) return;
            if (!TryTypedValue(path, TypedPathOperation.AppendItems, TypedPathOperation.AppendJson, indices, items, write))
                AppendItems(path, Serialization.GeneratedJson.ToNode(items, write), i0, i1, i2);
        }

        /// <summary>Appending no items: makes sure the array at the path exists (an empty <c>logprobs: []</c> on every delta), without a node per call.</summary>
        public void EnsureItems(JsonPathTemplate path, long? i0 = null, long? i1 = null, long? i2 = null)
        {
            if (_lastEnsured is { } ensured && ReferenceEquals(ensured.Path, path) && ensured.I0 == i0 && ensured.I1 == i1 && ensured.I2 == i2) return;
            if (!TryIndices(path, i0, i1, i2, out var indices)) return;
            object? none = null;
            if (!TryTyped(path, TypedPathOperation.EnsureItems, indices, ref none)) ArrayAt(path, indices);
            _lastEnsured = (path, i0, i1, i2);
        }

        private JsonArray ArrayAt(JsonPathTemplate path, long[] indices)
        {
            if (Read(path, indices) is JsonArray target) return target;
            target = new JsonArray();
            Write(path, indices, target);
            return target;
        }

        /// <summary>Records the first error: the <c>error</c> member of <paramref name="errorEvent"/> when it has one (nested form), else the event itself (flat form).</summary>
        public void RecordError(JsonNode? errorEvent)
        {
            if (Error is not null || errorEvent is null) return;
            var source = errorEvent is JsonObject o && o["error"] is JsonObject nested ? nested : errorEvent;
            using var doc = JsonDocument.Parse(ToUtf8(source));
            Error = doc.RootElement.Clone();
        }

        /// <summary>The snapshot as UTF-8 JSON, with the text buffers written in.</summary>
        public byte[] ToUtf8Json()
        {
            if (_typedRoot is { } typed && FlushTyped()) return ToUtf8(typed.AsNode());
            Flush();
            return ToUtf8(_root);
        }

        private static byte[] ToUtf8(JsonNode node)
        {
            using var stream = new MemoryStream();
            using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            {
                WriteNode(writer, node);
            }
            return stream.ToArray();
        }

        /// <summary>
        /// Writes the tree; values that came from the wire are written as their raw text, so a value the writer would
        /// refuse to re-encode (a lone surrogate escape) is kept as it arrived instead of failing the snapshot.
        /// </summary>
        private static void WriteNode(Utf8JsonWriter writer, JsonNode? node)
        {
            switch (node)
            {
                case null:
                    writer.WriteNullValue();
                    break;
                case JsonValue when TypedLeaf.TryGet(node, out var leaf):
                    leaf.Write(writer);
                    break;
                case JsonObject o:
                    writer.WriteStartObject();
                    foreach (var kv in o)
                    {
                        writer.WritePropertyName(kv.Key);
                        WriteNode(writer, kv.Value);
                    }
                    writer.WriteEndObject();
                    break;
                case JsonArray a:
                    writer.WriteStartArray();
                    foreach (var item in a) WriteNode(writer, item);
                    writer.WriteEndArray();
                    break;
                case JsonValue v when v.TryGetValue<JsonElement>(out var element):
                    Serialization.GeneratedJson.WriteRaw(writer, element);
                    break;
                default:
                    node.WriteTo(writer);
                    break;
            }
        }

        private void Flush()
        {
            foreach (var entry in _text.Values) Write(entry.Path, entry.Indices, JsonValue.Create(entry.Text.ToString()));
        }

        private void DropTextUnder(string prefix)
        {
            List<string>? drop = null;
            foreach (var key in _text.Keys)
            {
                if (key == prefix || (key.StartsWith(prefix, StringComparison.Ordinal) && (key[prefix.Length] == '.' || key[prefix.Length] == '[')))
                    (drop ??= new List<string>()).Add(key);
            }
            if (drop is not null)
            {
                foreach (var k in drop) _text.Remove(k);
                _lastAppend = null;
            }
        }

        private bool TryIndices(JsonPathTemplate path, long? i0, long? i1, long? i2, out long[] indices)
        {
            indices = new long[path.IndexCount];
            for (int i = 0; i < indices.Length; i++)
            {
                long? given = i switch { 0 => i0, 1 => i1, 2 => i2, _ => null };
                if (given is long seen && seen > HighestIndexSeen) HighestIndexSeen = seen;
                if (given is not long v || v < 0 || v > MaxIndex)
                {
                    Unaddressed++;
                    return false;
                }
                indices[i] = v;
            }
            return true;
        }

        private JsonNode? Read(JsonPathTemplate path, long[] indices)
        {
            JsonNode? node = Root;
            int ix = 0;
            foreach (var s in path.Segments)
            {
                node = node is JsonObject o ? Child(o, s.Name) : null;
                if (s.Indexed)
                {
                    int i = (int)indices[ix++];
                    node = node is JsonArray a && i < a.Count ? Element(a, i) : null;
                }
                if (node is null) return null;
            }
            return node;
        }

        /// <summary>A member, as nodes: a typed leaf there becomes nodes (an event addresses inside it).</summary>
        private static JsonNode? Child(JsonObject parent, string name)
        {
            if (Unfold(parent[name], out var node)) parent[name] = node;
            return node;
        }

        /// <summary>An element, as nodes (see <see cref="Child"/>).</summary>
        private static JsonNode? Element(JsonArray array, int index)
        {
            if (Unfold(array[index], out var node)) array[index] = node;
            return node;
        }

        /// <summary>The node itself, or (true) the nodes of the typed leaf it holds.</summary>
        private static bool Unfold(JsonNode? node, out JsonNode? nodes)
        {
            if (!TypedLeaf.TryGet(node, out var leaf))
            {
                nodes = node;
                return false;
            }
            nodes = leaf.ToNode();
            return true;
        }

        private void Write(JsonPathTemplate path, long[] indices, JsonNode? value)
        {
            _lastEnsured = null;
            JsonObject parent = Root;
            int ix = 0;
            var segments = path.Segments;
            for (int k = 0; k < segments.Length; k++)
            {
                var s = segments[k];
                bool last = k == segments.Length - 1;
                if (!s.Indexed)
                {
                    if (last)
                    {
                        parent[s.Name] = Detach(value);
                        return;
                    }
                    if (Child(parent, s.Name) is not JsonObject child)
                    {
                        child = new JsonObject();
                        parent[s.Name] = child;
                    }
                    parent = child;
                    continue;
                }
                if (Child(parent, s.Name) is not JsonArray array)
                {
                    array = new JsonArray();
                    parent[s.Name] = array;
                }
                int i = (int)indices[ix++];
                while (array.Count <= i) array.Add(null);
                if (last)
                {
                    array[i] = Detach(value);
                    return;
                }
                if (Element(array, i) is not JsonObject element)
                {
                    element = new JsonObject();
                    array[i] = element;
                }
                parent = element;
            }
        }

        private static JsonNode? Detach(JsonNode? value) => value?.Parent is null ? value : value.DeepClone();
    }
}
