using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace FusionMonitor.Web.Tests.Instances;

/// <summary>One data-protection key ring for every instance: what one instance signs, another reads.</summary>
[Collection(SeveralInstancesCollection.Name)]
public sealed partial class SignInAcrossInstancesTests(SeveralInstances instances)
{
    [Fact]
    public async Task LoginFormFromA_IsAcceptedByB_AndTheCookieFromB_IsAcceptedByA()
    {
        // The sign-in form (and its antiforgery token) comes from A...
        var jar = new CookieContainer();
        using var handler = new HttpClientHandler { CookieContainer = jar, AllowAutoRedirect = false };
        using var browser = new HttpClient(handler);
        var form = await browser.GetStringAsync(new Uri(instances.A.BaseAddress, "login"));
        var token = AntiforgeryField().Match(form) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : throw new InvalidOperationException("no antiforgery token in the form:\n" + form);
        // ...and is posted to B (cookies are per host, not per port: the jar sends A's antiforgery cookie to B too).
        var signIn = await browser.PostAsync(new Uri(instances.B.BaseAddress, "login"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = token,
            ["Input.User"] = "admin",
            ["Input.Password"] = SeveralInstances.AdminPassword,
        }));
        Assert.True(signIn.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther,
            $"B refused A's sign-in form: {(int)signIn.StatusCode} {await signIn.Content.ReadAsStringAsync()}");
        Assert.Contains(jar.GetAllCookies(), c => c.Name == "fusion.auth");

        // The cookie B issued opens the API on A and on B.
        foreach (var instance in new[] { instances.A, instances.B })
        {
            var pairs = await browser.GetAsync(new Uri(instance.BaseAddress, "api/pairs"));
            Assert.True(pairs.StatusCode == HttpStatusCode.OK, $"instance {instance.Name} refused the cookie: {(int)pairs.StatusCode}\n{instance.RecentOutput}");
        }
    }

    [Fact]
    public async Task AKeyIssuedOnA_OpensB_AndOnceRevokedOnB_IsRefusedByA_AtOnce()
    {
        using var adminA = instances.A.Client(SeveralInstances.AdminKey);
        using var adminB = instances.B.Client(SeveralInstances.AdminKey);
        var issued = await (await adminA.PostAsJsonAsync("/api/keys", new { name = "roaming", role = "viewer" })).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
        var key = issued.GetProperty("key").GetString()!;
        using var onA = instances.A.Client(key);
        using var onB = instances.B.Client(key);
        Assert.Equal(HttpStatusCode.OK, (await onB.GetAsync("/api/pairs")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await onA.GetAsync("/api/pairs")).StatusCode);

        (await adminB.DeleteAsync($"/api/keys/{issued.GetProperty("id").GetInt64()}")).EnsureSuccessStatusCode();
        // No instance keeps a key in memory: the revocation holds on A with the very next request.
        Assert.Equal(HttpStatusCode.Unauthorized, (await onA.GetAsync("/api/pairs")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await onB.GetAsync("/api/pairs")).StatusCode);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
