using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.FSharp.Core;
using StreamKit.Chat;
using StreamKit.Responses;
using StreamKit.Tests.Support;
using Xunit;

namespace StreamKit.Tests.Faults
{
    /// <summary>
    /// Random mutations, insertions and truncations of every fixture and corpus stream, read by both protocols, whole and
    /// trickled: the only result is a typed outcome (never an exception, never a hang), and the snapshot stays writable.
    /// CI runs a fixed seed; set STREAMKIT_FUZZ_COUNT (inputs) and STREAMKIT_FUZZ_SEED for longer or other runs.
    /// </summary>
    public sealed class FuzzTests
    {
        private static readonly byte[][] Tokens =
        {
            Encoding.UTF8.GetBytes("\n\n"), Encoding.UTF8.GetBytes("\r"), Encoding.UTF8.GetBytes("data: "), Encoding.UTF8.GetBytes("data: [DONE]\n\n"),
            Encoding.UTF8.GetBytes("event: error\n"), Encoding.UTF8.GetBytes(": ping\n"), Encoding.UTF8.GetBytes("{"), Encoding.UTF8.GetBytes("}"),
            Encoding.UTF8.GetBytes("["), Encoding.UTF8.GetBytes("\""), Encoding.UTF8.GetBytes("\\ud800"), Encoding.UTF8.GetBytes("1e999"),
            Encoding.UTF8.GetBytes("\"index\":99999999999,"), Encoding.UTF8.GetBytes("\"output_index\":2147483647,"), Encoding.UTF8.GetBytes("null"),
            new byte[] { 0xFF, 0xFE }, new byte[] { 0xEF, 0xBB, 0xBF }, Encoding.UTF8.GetBytes("retry: 99999999999999999999\n"), new byte[] { 0 },
        };

        private static int Count => int.TryParse(Environment.GetEnvironmentVariable("STREAMKIT_FUZZ_COUNT"), out int n) && n > 0 ? n : 400;

        private static ulong Seed => ulong.TryParse(Environment.GetEnvironmentVariable("STREAMKIT_FUZZ_SEED"), out ulong s) ? s : 20261122UL;

        /// <summary>Every fixture and (when present) corpus stream.</summary>
        private static List<byte[]> Inputs()
        {
            var files = Directory.GetFiles(TestPaths.Fixtures, "*.sse", SearchOption.AllDirectories).ToList();
            if (TestPaths.Corpus is { } corpus) files.AddRange(Directory.GetFiles(corpus, "*.sse", SearchOption.AllDirectories));
            return files.OrderBy(f => f, StringComparer.Ordinal).Select(File.ReadAllBytes).ToList();
        }

        /// <summary>One mutation: kind, where (0..1), what (a token index or a byte), how long.</summary>
        public sealed record Mutation(int Kind, double At, int What, int Length);

        private static byte[] Apply(byte[] input, IReadOnlyList<Mutation> mutations)
        {
            var bytes = new List<byte>(input);
            foreach (var m in mutations)
            {
                int at = Math.Min(bytes.Count, (int)(m.At * bytes.Count));
                switch (m.Kind)
                {
                    case 0 when at < bytes.Count: bytes[at] = (byte)m.What; break;
                    case 1: bytes.InsertRange(at, Tokens[m.What % Tokens.Length]); break;
                    case 2: bytes.RemoveRange(at, Math.Min(m.Length, bytes.Count - at)); break;
                    case 3: bytes.RemoveRange(at, bytes.Count - at); break;
                    case 4: bytes.InsertRange(at, bytes.GetRange(at, Math.Min(m.Length, bytes.Count - at))); break;
                }
            }
            return bytes.ToArray();
        }

        [Fact]
        public void Mutated_streams_end_in_a_typed_outcome_and_never_hang()
        {
            var inputs = Inputs();
            var mutation =
                from kind in Gen.Choose(0, 4)
                from at in Gen.Choose(0, 10_000)
                from what in Gen.Choose(0, 255)
                from length in Gen.Choose(1, 64)
                select new Mutation(kind, at / 10_000.0, what, length);
            var gen =
                from file in Gen.Choose(0, inputs.Count - 1)
                from n in Gen.Choose(1, 6)
                from mutations in Gen.ArrayOf(mutation, n)
                from split in Gen.Choose(0, 2)
                from api in Gen.Choose(0, 1)
                select (file, mutations, split, api);
            int tried = 0;
            var property = Prop.ForAll(gen.ToArbitrary(), c =>
            {
                tried++;
                byte[] bytes = Apply(inputs[c.file], c.mutations);
                Stream body = c.split switch
                {
                    0 => new MemoryStream(bytes),
                    1 => Streams.OneByte(bytes),
                    _ => Streams.Random(bytes, c.file * 31 + c.mutations.Length),
                };
                if (c.split == 1 && bytes.Length > 20_000) body = Streams.Random(bytes, c.file, 512);
                var task = Task.Run(async () =>
                {
                    LlmStream stream = c.api == 0 ? ChatCompletionStream.FromStream(body) : ResponseStream.FromStream(body);
                    using (stream)
                    {
                        var result = await stream.ReduceAsync(null, CancellationToken.None);
                        Assert.True(Enum.IsDefined(result.Outcome));
                        Assert.Equal(result.Outcome == StreamOutcome.Completed, result.Error is null);
                        Assert.NotNull(stream.SnapshotJson());
                        return result.Outcome;
                    }
                });
                Assert.True(task.Wait(TimeSpan.FromSeconds(30)), "a mutated stream did not end within 30 s (file " + c.file + ")");
            });
            var config = Config.QuickThrowOnFailure.WithMaxTest(Count).WithReplay(FSharpOption<FsCheck.Replay>.Some(new FsCheck.Replay(new FsCheck.Rnd(Seed), FSharpOption<int>.None)));
            Check.One(config, property);
            TestContext.Current.TestOutputHelper?.WriteLine("fuzz: " + tried + " inputs over " + inputs.Count + " streams, seed " + Seed);
        }
    }
}
