using FusionMonitor.Ingestion.Hosting;
using Microsoft.Extensions.Configuration;

namespace FusionMonitor.Ingestion.Tests.Hosting;

public sealed class SecretRedactorTests
{
    private static readonly SecretRedactor Redactor = new(["s3cret-bootstrap-value"]);

    [Theory]
    [InlineData("GET http://localhost/hubs/fusion?id=abc123&access_token=fm_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_xy", "fm_AbCd", "abc123")]
    [InlineData("Request starting HTTP/1.1 GET http://h/hubs/fusion?access_token=whatever-it-is - - -", "whatever-it-is", null)]
    [InlineData("GET https://www.googleapis.com/youtube/v3/commentThreads?part=snippet&key=AIzaSyExampleKey123", "AIzaSyExampleKey123", null)]
    [InlineData("Host=db;Username=fusion;Password=hunter2;Database=fusion", "hunter2", null)]
    [InlineData("header X-Api-Key: fm_abcdefghijklmnopqrstuvwxyz", "abcdefghijklmnop", null)]
    [InlineData("Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl", "eyJhbGciOiJIUzI1NiJ9", null)]
    [InlineData("the key is s3cret-bootstrap-value, configured", "s3cret-bootstrap-value", null)]
    [InlineData("a bare key fm_0123456789abcdefghijABCDEFGHIJ in a sentence", "0123456789abcdef", null)]
    [InlineData("{\"identifier\":\"me\",\"password\":\"app-pass-1234\"}", null, null)]
    public void Secrets_are_masked(string line, string? secret, string? hubConnectionToken)
    {
        var clean = Redactor.Redact(line);
        if (secret is not null) Assert.DoesNotContain(secret, clean);
        if (hubConnectionToken is not null) Assert.DoesNotContain("id=" + hubConnectionToken, clean);
        Assert.Contains(SecretRedactor.Mask, clean);
    }

    [Theory]
    [InlineData("Source 12 (Acme feed): 40 fetched, 3 new, 37 duplicate, 0 rejected in 120 ms")]
    [InlineData("GET /api/mentions?brandId=3&limit=100 200")]
    [InlineData("The monkey=banana ratio")]
    public void Ordinary_lines_are_left_alone(string line) => Assert.Same(line, Redactor.Redact(line));

    [Fact]
    public void Settings_named_like_secrets_are_collected_by_name()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Auth:BootstrapApiKey"] = "key-value-1",
            ["Auth:BootstrapAdminPassword"] = "password-value-2",
            ["Alerts:Email:0:Password"] = "smtp-value-3",
            ["Auth:RequestsPerMinute"] = "1200",
            ["Storage:SqlitePath"] = "data/fusion.db",
        }).Build();
        Assert.Equal(["key-value-1", "password-value-2", "smtp-value-3"], SecretRedactor.SecretsIn(config).Order());
    }
}
