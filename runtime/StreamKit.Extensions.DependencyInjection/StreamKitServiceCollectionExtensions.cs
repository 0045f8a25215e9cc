using System;
using System.Net.Http;
using System.Threading;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StreamKit.Chat;
using StreamKit.Responses;

namespace StreamKit.Extensions.DependencyInjection
{
    /// <summary>Registers StreamKit's clients with dependency injection and <see cref="IHttpClientFactory"/>.</summary>
    public static class StreamKitServiceCollectionExtensions
    {
        /// <summary>The name of the <see cref="HttpClient"/> the clients use: <c>StreamKit</c>.</summary>
        public const string HttpClientName = "StreamKit";

        /// <summary>
        /// Registers <see cref="ChatCompletionsClient"/> and <see cref="ResponsesClient"/> (transient, over the named
        /// <see cref="HttpClient"/> <c>StreamKit</c>, whose <c>Timeout</c> is infinite: StreamKit's timers bound every
        /// request), configured by <paramref name="configure"/>, logging through <c>ILogger&lt;ChatCompletionsClient&gt;</c>
        /// and <c>ILogger&lt;ResponsesClient&gt;</c> (attempts at Debug, retries and failed streams at Warning, outcomes at
        /// Information; never the key or message content). A registered <see cref="LlmStreamObserver"/> hears the same.
        /// </summary>
        /// <returns>The HttpClient builder, to add handlers or resilience of your own.</returns>
        public static IHttpClientBuilder AddStreamKit(this IServiceCollection services, Action<StreamKitOptions> configure)
        {
            if (services is null) throw new ArgumentNullException(nameof(services));
            if (configure is null) throw new ArgumentNullException(nameof(configure));
            services.Configure(configure);
            return AddClients(services);
        }

        /// <summary>As <see cref="AddStreamKit(IServiceCollection, Action{StreamKitOptions})"/>, with the options bound from <paramref name="configuration"/> (a section such as <c>StreamKit</c>).</summary>
        public static IHttpClientBuilder AddStreamKit(this IServiceCollection services, IConfiguration configuration)
        {
            if (services is null) throw new ArgumentNullException(nameof(services));
            if (configuration is null) throw new ArgumentNullException(nameof(configuration));
            services.Configure<StreamKitOptions>(configuration);
            return AddClients(services);
        }

        private static IHttpClientBuilder AddClients(IServiceCollection services)
        {
            services.AddTransient(sp => new ChatCompletionsClient(Http(sp), Endpoint(sp), Options(sp, sp.GetService<ILogger<ChatCompletionsClient>>())));
            services.AddTransient(sp => new ResponsesClient(Http(sp), Endpoint(sp), Options(sp, sp.GetService<ILogger<ResponsesClient>>())));
            return services.AddHttpClient(HttpClientName, http => http.Timeout = Timeout.InfiniteTimeSpan);
        }

        private static HttpClient Http(IServiceProvider sp) => sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName);

        private static LlmEndpoint Endpoint(IServiceProvider sp)
        {
            var o = sp.GetRequiredService<IOptions<StreamKitOptions>>().Value;
            var endpoint = new LlmEndpoint(o.BaseUrl ?? throw new InvalidOperationException("StreamKit: BaseUrl is not configured."), o.ApiKey);
            foreach (var h in o.Headers) endpoint.Headers[h.Key] = h.Value;
            return endpoint;
        }

        private static LlmClientOptions Options(IServiceProvider sp, ILogger? logger)
        {
            var configured = sp.GetRequiredService<IOptions<StreamKitOptions>>().Value;
            return new LlmClientOptions
            {
                Timeouts = configured.Timeouts,
                Retry = configured.Retry,
                Limits = configured.Limits,
                UserAgent = configured.UserAgent,
                CaptureMessageContent = configured.CaptureMessageContent,
                Observer = new LoggingObserver(logger ?? NullLogger.Instance, sp.GetService<LlmStreamObserver>()),
            };
        }
    }
}
