using System.Collections.Generic;
using StreamKit.Reduction;
using Xunit;

namespace StreamKit.Tests.Reduction
{
    /// <summary>Sequence numbers are kept as ranges with holes: the same answers as a set of every number seen, in memory that grows with the gaps.</summary>
    public class SequenceTrackingTests
    {
        [Theory]
        [InlineData(1)]
        [InlineData(2)]
        [InlineData(3)]
        [InlineData(4)]
        public void Duplicates_match_a_set_of_every_number_seen(int seed)
        {
            var rng = new System.Random(seed);
            var state = new EventReductionState();
            var seen = new HashSet<long>();
            int duplicates = 0;
            long next = rng.Next(0, 5);
            for (int i = 0; i < 5000; i++)
            {
                long seq = rng.Next(10) switch
                {
                    0 => next - rng.Next(0, 40),      // a late or repeated number
                    1 => next + rng.Next(2, 30),      // a jump (a gap)
                    2 => rng.Next(-20, (int)next + 5), // anywhere, below the first included
                    _ => next,
                };
                if (seq >= next) next = seq + 1;
                bool expected = seen.Add(seq);
                if (!expected) duplicates++;
                Assert.Equal(expected, state.BeginEvent(seq));
            }
            Assert.Equal(duplicates, state.Duplicates);
            Assert.True(state.BeginEvent(null));
        }

        [Fact]
        public void The_ends_of_the_long_range_neither_wrap_nor_invent_gaps()
        {
            var state = new EventReductionState();
            Assert.True(state.BeginEvent(long.MaxValue));
            Assert.True(state.BeginEvent(5));
            Assert.False(state.BeginEvent(long.MaxValue));
            Assert.True(state.BeginEvent(long.MinValue));
            Assert.False(state.BeginEvent(5));
            Assert.Empty(state.SequenceGaps);
            Assert.Equal(2, state.OutOfOrder);
            Assert.Equal(2, state.Duplicates);
        }
    }
}
