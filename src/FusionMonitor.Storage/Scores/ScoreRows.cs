namespace FusionMonitor.Storage.Scores;

/// <summary>A pair's latest score as stored; <see cref="Components"/> is JSON.</summary>
public sealed record PairScoreRow(long PairId, double Score, double Confidence, long Mentions, string Components, DateTimeOffset UpdatedAt);

/// <summary>The last score known in one hour.</summary>
public sealed record ScorePoint(DateTimeOffset Hour, double Score, double Confidence);

/// <summary>Mention counts and sentiment sums of one scope in one hour (creation time).</summary>
public sealed record RollupRow(long ScopeId, DateTimeOffset Hour, long Mentions, long Negative, long Neutral, long Positive,
    double PolaritySum, double WeightSum, double NegVolume);

/// <summary>Negative volume of one alert scope in one five-minute bucket.</summary>
public sealed record VolumeRow(string Scope, DateTimeOffset Bucket, double NegVolume, long NegCount);

/// <summary>One stored alert (an incident as users see it).</summary>
public sealed record AlertRow(long Id, string IncidentId, string Kind, long? BrandId, long? PairId, string Status, DateTimeOffset OpenedAt,
    DateTimeOffset? AcknowledgedAt, DateTimeOffset? ResolvedAt, DateTimeOffset UpdatedAt, double Value, string Summary, string Evidence);
