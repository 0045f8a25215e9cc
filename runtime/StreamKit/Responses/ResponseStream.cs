using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using StreamKit.Http;

namespace StreamKit.Responses
{
    /// <summary>
    /// A Responses API stream: typed <c>response.*</c> events, rebuilt as they arrive into a <see cref="Response"/> snapshot.
    /// </summary>
    /// <remarks>See <see cref="ResponseProtocol"/> for the rules and <see cref="LlmStream{TItem, TResult}"/> for reading, timers, limits and outcomes.</remarks>
    public sealed class ResponseStream : LlmStream<IResponseStreamEvent, Response>
    {
        private readonly ResponseProtocol _protocol;

        internal ResponseStream(TransportResponse response, LlmClientOptions options)
            : this(new ResponseProtocol(), response, options)
        {
        }

        private ResponseStream(ResponseProtocol protocol, TransportResponse response, LlmClientOptions options)
            : base(response.Body, protocol, options, response.Response, response.Watchdog, leaveOpen: false)
        {
            _protocol = protocol;
            response.Stamp(Statistics);
        }

        private ResponseStream(Stream body, LlmClientOptions options, bool leaveOpen)
            : this(new ResponseProtocol(), body, options, leaveOpen)
        {
        }

        private ResponseStream(ResponseProtocol protocol, Stream body, LlmClientOptions options, bool leaveOpen)
            : base(body, protocol, options, null, null, leaveOpen)
        {
            _protocol = protocol;
        }

        /// <summary>Deltas the reduce-only path folded by replaying the previous delta's shape (tests read it).</summary>
        internal int ReplayedEvents => _protocol.ReplayedEvents;

        /// <summary>Reads a stream from any SSE body: a recorded <c>.sse</c> file, or a body you fetched yourself.</summary>
        /// <param name="sseBody">The bytes of the <c>text/event-stream</c> body.</param>
        /// <param name="leaveOpen">When true, disposing this object does not dispose <paramref name="sseBody"/>.</param>
        /// <param name="options">Timers and limits (null: the defaults); the timers start now.</param>
        /// <exception cref="ArgumentNullException"><paramref name="sseBody"/> is null.</exception>
        public static ResponseStream FromStream(Stream sseBody, bool leaveOpen = false, LlmClientOptions? options = null) =>
            new ResponseStream(sseBody ?? throw new ArgumentNullException(nameof(sseBody)), options ?? LlmClientOptions.Default, leaveOpen);

        /// <summary>How the stream ended, with the Responses facts (terminal event, sequence gaps, duplicates); null until it has.</summary>
        public new ResponseStreamResult? Result => (ResponseStreamResult?)base.Result;

        /// <summary>Reads the whole stream, calling <paramref name="onItem"/> for each event; never throws for how the stream ended.</summary>
        /// <exception cref="InvalidOperationException">The stream was already read.</exception>
        public new async Task<ResponseStreamResult> ReduceAsync(Action<IResponseStreamEvent>? onItem = null, CancellationToken cancellationToken = default) =>
            (ResponseStreamResult)await base.ReduceAsync(onItem, cancellationToken).ConfigureAwait(false);
    }
}
