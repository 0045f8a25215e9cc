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
        public void Arguments_that_are_not_an_object_are_shown_whole_when_complete()
        {
            var steps = Feed(new ArgumentsView(), "[1, ", "2]");
            Assert.Empty(steps[0]);
            Assert.Equal("\n    [1, 2]", steps[1].Single());
        }
    }
}
