namespace FusionMonitor.Cli;

/// <summary>
/// The words after the verb: <c>--name value</c> options and bare <c>--flag</c>s. Unknown options are an error, so a
/// typo never silently falls back to a default.
/// </summary>
public sealed class CliArgs
{
    private readonly Dictionary<string, string?> _options = new(StringComparer.Ordinal);
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    private CliArgs() { }

    public static CliArgs Parse(IReadOnlyList<string> words)
    {
        var args = new CliArgs();
        for (var i = 0; i < words.Count; i++)
        {
            var w = words[i];
            if (!w.StartsWith("--", StringComparison.Ordinal) || w.Length == 2)
                throw new CliUsageException($"unexpected argument '{w}'");
            var name = w[2..];
            string? value = null;
            var eq = name.IndexOf('=', StringComparison.Ordinal);
            if (eq >= 0) { value = name[(eq + 1)..]; name = name[..eq]; }
            else if (i + 1 < words.Count && !words[i + 1].StartsWith("--", StringComparison.Ordinal)) value = words[++i];
            if (!args._options.TryAdd(name, value)) throw new CliUsageException($"option --{name} given twice");
        }
        return args;
    }

    /// <summary>The value of a required option.</summary>
    public string Required(string name) =>
        Optional(name) ?? throw new CliUsageException($"missing required option --{name} <value>");

    public string? Optional(string name)
    {
        _used.Add(name);
        if (!_options.TryGetValue(name, out var v)) return null;
        return v ?? throw new CliUsageException($"option --{name} needs a value");
    }

    public bool Flag(string name)
    {
        _used.Add(name);
        if (!_options.TryGetValue(name, out var v)) return false;
        if (v is not null) throw new CliUsageException($"--{name} takes no value (got '{v}')");
        return true;
    }

    public int Number(string name, int fallback)
    {
        var v = Optional(name);
        if (v is null) return fallback;
        return int.TryParse(v, out var n) ? n : throw new CliUsageException($"--{name} must be a whole number (got '{v}')");
    }

    /// <summary>
    /// Settings given as <c>--Section:Key=value</c> (a colon in the name), as the app's own command line takes them;
    /// keys as configuration spells them (<c>Scoring:HalfLife</c>).
    /// </summary>
    public Dictionary<string, string?> Settings()
    {
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in _options.Where(o => o.Key.Contains(':', StringComparison.Ordinal)))
        {
            _used.Add(name);
            settings[name] = value ?? throw new CliUsageException($"setting --{name} needs a value (--{name}=value)");
        }
        return settings;
    }

    /// <summary>Call after reading every option the verb knows: fails on any option it did not ask for.</summary>
    public void EnsureNoUnknown()
    {
        var unknown = _options.Keys.Where(k => !_used.Contains(k)).ToList();
        if (unknown.Count > 0) throw new CliUsageException($"unknown option(s): {string.Join(", ", unknown.Select(u => "--" + u))}");
    }
}

/// <summary>A mistake in how the command was called; printed with the verb's usage, exit code 2.</summary>
public sealed class CliUsageException(string message) : Exception(message);

/// <summary>A clear, expected failure (missing file, bad header...): printed without a stack trace, exit code 1.</summary>
public sealed class CliFailureException(string message) : Exception(message);
