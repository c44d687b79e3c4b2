using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FusionMonitor.Ingestion.Hosting;

/// <summary>
/// Takes secrets out of text bound for a log: API keys (ours, <c>fm_…</c>), secret-named query and form parameters
/// (<c>access_token=</c>, <c>key=</c>, <c>password=</c>, …), <c>X-Api-Key</c> and <c>Authorization</c> values, JSON web
/// tokens, connection-string passwords, and the literal value of every configured setting whose name says it is a
/// secret (<c>…Password</c>, <c>…ApiKey</c>, <c>…Secret</c>, <c>…Token</c>). Thread-safe.
/// </summary>
public sealed partial class SecretRedactor
{
    public const string Mask = "[redacted]";

    private readonly string[] _literals;

    public SecretRedactor(IEnumerable<string> literalSecrets) =>
        _literals = literalSecrets.Where(s => s.Length >= 6).Distinct(StringComparer.Ordinal).OrderByDescending(s => s.Length).ToArray();

    /// <summary>The configured values that are secrets by their setting's name, for <see cref="SecretRedactor(IEnumerable{string})"/>.</summary>
    public static IEnumerable<string> SecretsIn(IConfiguration config) =>
        config.AsEnumerable()
            .Where(kv => kv.Value is { Length: > 0 } && SecretSetting().IsMatch(kv.Key.Split(':')[^1]))
            .Select(kv => kv.Value!);

    /// <summary>The text with every secret replaced by <see cref="Mask"/>; the same string when there is none.</summary>
    public string Redact(string text)
    {
        if (string.IsNullOrEmpty(text)) return text;
        foreach (var secret in _literals)
            if (text.Contains(secret, StringComparison.Ordinal)) text = text.Replace(secret, Mask, StringComparison.Ordinal);
        text = SecretParameter().Replace(text, "${name}" + Mask);
        text = HeaderValue().Replace(text, "${name}" + Mask);
        text = JsonSecret().Replace(text, "${name}" + Mask);
        text = SchemeCredentials().Replace(text, "${scheme} " + Mask);
        text = OurKey().Replace(text, "fm_" + Mask);
        text = Jwt().Replace(text, Mask);
        return text;
    }

    [GeneratedRegex(@"(?i)(?:password|passwd|pwd|secret|apikey|api_key|token|accesstoken|credential)s?$")]
    private static partial Regex SecretSetting();

    // name=value in URLs, forms and connection strings; "id" only on hub URLs (SignalR's connection token).
    [GeneratedRegex(@"(?i)(?<name>(?:[?&;\s""']|^)(?:access_token|refresh_token|id_token|token|api[_-]?key|apikey|key|app_?password|password|passwd|pwd|secret|client_secret|sig|signature|code)\s*=\s*|/hubs/[^\s?]*\?(?:[^\s#]*&)?id=)[^&;\s""'<>#]+")]
    private static partial Regex SecretParameter();

    [GeneratedRegex(@"(?i)(?<name>\b(?:x-api-key|authorization|cookie|set-cookie)[""']?\s*[:=]\s*[""']?)[^\s""',;]+")]
    private static partial Regex HeaderValue();

    // "password": "…" and the like in JSON (a request or settings body quoted in a message).
    [GeneratedRegex(@"(?i)(?<name>""(?:password|app_?password|passwd|secret|client_secret|token|access_?token|refresh_?token|access_?jwt|refresh_?jwt|api_?key)""\s*:\s*"")[^""]*")]
    private static partial Regex JsonSecret();

    [GeneratedRegex(@"(?i)\b(?<scheme>bearer|basic)\s+[A-Za-z0-9\-._~+/]{8,}=*")]
    private static partial Regex SchemeCredentials();

    [GeneratedRegex(@"\bfm_[A-Za-z0-9_\-]{16,}")]
    private static partial Regex OurKey();

    [GeneratedRegex(@"\beyJ[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]+")]
    private static partial Regex Jwt();
}

public static class LogRedaction
{
    /// <summary>
    /// Every log line of the host goes through a <see cref="SecretRedactor"/> before any provider sees it: the logger
    /// factory itself is wrapped, so framework loggers (request logging, SignalR, HttpClient) and providers added later
    /// (tests') are covered alike. The message, each structured value and the exception text are redacted.
    /// </summary>
    public static IServiceCollection AddFusionLogRedaction(this IServiceCollection services, IConfiguration config)
    {
        services.TryAddSingleton(_ => new SecretRedactor(SecretRedactor.SecretsIn(config)));
        services.TryAddSingleton(sp => new LoggerFactory(sp.GetServices<ILoggerProvider>(), sp.GetRequiredService<IOptionsMonitor<LoggerFilterOptions>>(),
            sp.GetService<IOptions<LoggerFactoryOptions>>(), sp.GetService<IExternalScopeProvider>()));
        services.Replace(ServiceDescriptor.Singleton<ILoggerFactory>(sp => new RedactingLoggerFactory(sp.GetRequiredService<LoggerFactory>(), sp.GetRequiredService<SecretRedactor>())));
        return services;
    }

    private sealed class RedactingLoggerFactory(ILoggerFactory inner, SecretRedactor redactor) : ILoggerFactory
    {
        public ILogger CreateLogger(string categoryName) => new RedactingLogger(inner.CreateLogger(categoryName), redactor);

        public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

        public void Dispose()
        {
            // The inner factory is a DI singleton of its own and is disposed by the container.
        }
    }

    private sealed class RedactingLogger(ILogger inner, SecretRedactor redactor) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!inner.IsEnabled(logLevel)) return;
            var message = redactor.Redact(formatter(state, exception));
            var values = state as IReadOnlyList<KeyValuePair<string, object?>>;
            var redacted = new RedactedState(message, values?.Select(kv => kv.Value is string s ? new KeyValuePair<string, object?>(kv.Key, kv.Key == "{OriginalFormat}" ? s : redactor.Redact(s)) : kv).ToList());
            inner.Log(logLevel, eventId, redacted, Redacted(exception), static (s, _) => s.Message);
        }

        private Exception? Redacted(Exception? e)
        {
            if (e is null) return null;
            var text = e.ToString();
            var clean = redactor.Redact(text);
            return ReferenceEquals(text, clean) || text == clean ? e : new RedactedException(e, redactor.Redact(e.Message), clean);
        }
    }

    /// <summary>What providers see: the redacted message, and the redacted structured values for structured sinks.</summary>
    private sealed class RedactedState(string message, IReadOnlyList<KeyValuePair<string, object?>>? values) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        private readonly IReadOnlyList<KeyValuePair<string, object?>> _values = values ?? [];

        public string Message { get; } = message;

        public int Count => _values.Count;

        public KeyValuePair<string, object?> this[int index] => _values[index];

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => _values.GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => Message;
    }

    /// <summary>An exception whose text held a secret: the same type name and stack, the secret masked.</summary>
    private sealed class RedactedException(Exception original, string message, string text) : Exception(message)
    {
        public string OriginalType => original.GetType().FullName ?? original.GetType().Name;

        public override string? StackTrace => original.StackTrace;

        public override string ToString() => text;
    }
}
