using System;
using System.Collections;
using System.Collections.Generic;

namespace StreamKit.Generators.Helpers
{
    /// <summary>
    /// A read-only list with structural equality and a combined hash, so that specs made of it
    /// compare equal when their contents do. Incremental caching depends on that.
    /// </summary>
    internal sealed class ImmutableEquatableArray<T> : IEquatable<ImmutableEquatableArray<T>>, IReadOnlyList<T>
        where T : IEquatable<T>
    {
        public static readonly ImmutableEquatableArray<T> Empty = new ImmutableEquatableArray<T>(new T[0]);

        private readonly T[] _values;

        public ImmutableEquatableArray(IEnumerable<T> values) => _values = new List<T>(values).ToArray();

        public T this[int index] => _values[index];

        public int Count => _values.Length;

        public bool Contains(T value) => System.Array.IndexOf(_values, value) >= 0;

        public bool Equals(ImmutableEquatableArray<T>? other)
        {
            if (other is null) return false;
            if (ReferenceEquals(this, other)) return true;
            if (_values.Length != other._values.Length) return false;
            for (int i = 0; i < _values.Length; i++)
            {
                if (!EqualityComparer<T>.Default.Equals(_values[i], other._values[i])) return false;
            }
            return true;
        }

        public override bool Equals(object? obj) => obj is ImmutableEquatableArray<T> other && Equals(other);

        public override int GetHashCode()
        {
            int hash = 17;
            foreach (T v in _values) hash = unchecked(hash * 31 + (v is null ? 0 : v.GetHashCode()));
            return hash;
        }

        public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)_values).GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => _values.GetEnumerator();
    }

    internal static class ImmutableEquatableArray
    {
        public static ImmutableEquatableArray<T> ToEquatable<T>(this IEnumerable<T> values) where T : IEquatable<T>
            => new ImmutableEquatableArray<T>(values);
    }
}
