using System.Collections.Generic;
using System.Linq;
using StreamKit.Cli.Output;
using Xunit;

namespace StreamKit.Tests.Cli
{
    /// <summary>The CLI's live view of streaming tool-call arguments: a member is shown once its value is complete, once.</summary>
    public class ArgumentsViewTests
    {
        private static List<List<string>> Feed(ArgumentsView view, params string[] fragments) =>
            fragments.Select(f => view.Add(f).ToList()).ToList();

        [Fact]
        public void Each_member_is_shown_once_when_its_value_is_complete()
        {
            var steps = Feed(new ArgumentsView(), "{\"ci", "ty\": \"Os", "lo\", \"un", "its\": \"met", "ric\"", "}", " ");
            // "city" is known complete once the next member's key has been read whole.
            Assert.Equal(new[] { 0, 0, 0, 1, 0, 1, 0 }, steps.Select(s => s.Count));
            Assert.Equal("\n    city: \"Oslo\"", steps[3].Single());
            Assert.Equal("\n    units: \"metric\"", steps[5].Single());
        }

        [Fact]
        public void Commas_braces_and_quotes_inside_strings_and_nested_values_do_not_end_a_member()
        {
            const string json = "{\"a\": \"x,}\\\"y\", \"b\": {\"c\": [1, 2]}, \"d\": 3}";
            var view = new ArgumentsView();
            var steps = json.Select(c => view.Add(c.ToString()).ToList()).ToList();
            // Each member shows as early as parsing after every fragment would show it (measured so): "a" once "b"'s value
            // has begun, "b" with "d" at the closing brace (a number is whole only when something follows it).
            var shownAt = steps.Select((l, i) => (l, i)).Where(x => x.l.Count > 0).Select(x => x.i).ToArray();
            Assert.Equal(new[] { json.IndexOf("\"b\"") + 5, json.Length - 1 }, shownAt);
            Assert.Equal(2, steps[^1].Count);
            var lines = steps.SelectMany(l => l).ToList();
            // (values are shown as System.Text.Json writes them: the quote as \u0022)
            Assert.Equal(new[] { "\n    a: \"x,}\\u0022y\"", "\n    b: {\"c\":[1,2]}", "\n    d: 3" }, lines);
        }

        [Fact]
        public void Arguments_that_are_not_an_object_are_shown_whole_when_complete()
        {
            var steps = Feed(new ArgumentsView(), "[1, ", "2]");
            Assert.Empty(steps[0]);
            Assert.Equal("\n    [1, 2]", steps[1].Single());
        }
    }
}
