using Microsoft.AspNetCore.Mvc;

namespace FusionMonitor.Web.Api;

/// <summary>
/// The query of a time series (a pair's scores, a brand's volume): read as text so that every malformed value is
/// reported at once (<see cref="QueryParsing.Series"/>), bound with <c>[AsParameters]</c> so OpenAPI lists each.
/// </summary>
public sealed record SeriesQuery(
    [property: FromQuery(Name = "from")] string? From,
    [property: FromQuery(Name = "to")] string? To,
    [property: FromQuery(Name = "bucket")] string? Bucket,
    [property: FromQuery(Name = "format")] string? Format);
