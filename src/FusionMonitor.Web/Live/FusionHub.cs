using FusionMonitor.Storage.Entities;
using FusionMonitor.Web.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace FusionMonitor.Web.Live;

/// <summary>
/// <c>/hubs/fusion</c>. Clients subscribe to brands, pairs or everything they may see; events go to SignalR groups
/// (<c>brand:{id}</c>, <c>pair:{id}</c>, <c>all</c>), which a Redis backplane carries between instances. A caller
/// limited to some brands can join only those brands' groups, and never <c>all</c>. The <c>…Scores</c> subscriptions
/// join twin groups (<c>scores:brand:{id}</c>, <c>scores:all</c>) that get score updates and alerts but not every
/// scored mention, for clients that only chart scores (most of the hub's traffic is mentions). A connection whose
/// caller's brands or role change, or who is disabled (a key disabled or revoked), is closed by the
/// <see cref="HubAccessGuard"/>; the reconnect joins by the scope the caller has then.
/// </summary>
[Authorize(Policy = AuthRegistration.Viewer)]
public sealed class FusionHub(EntityStore entities, HubAccessGuard guard) : Hub
{
    public const string Path = "/hubs/fusion";

    /// <summary>Every connection is known to the <see cref="HubAccessGuard"/>, which closes it when its caller's access changes.</summary>
    public override Task OnConnectedAsync()
    {
        guard.Opened(Context);
        return Task.CompletedTask;
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        guard.Closed(Context.ConnectionId);
        return Task.CompletedTask;
    }

    public static string BrandGroup(long id) => $"brand:{id}";

    public static string PairGroup(long id) => $"pair:{id}";

    public const string AllGroup = "all";

    /// <summary>The score-only twin of a group: same scope, no <c>mentionScored</c> events.</summary>
    public static string ScoresOnly(string group) => $"scores:{group}";

    public async Task SubscribeBrand(long brandId)
    {
        if (!Context.User!.Scope().CanSee(brandId)) throw new HubException($"brand {brandId} is not visible to this caller");
        await Groups.AddToGroupAsync(Context.ConnectionId, BrandGroup(brandId));
    }

    public async Task SubscribePair(long pairId)
    {
        var pair = await entities.PairAsync(pairId, Context.ConnectionAborted);
        if (pair is null || !Context.User!.Scope().CanSee(pair.BrandId)) throw new HubException($"pair {pairId} does not exist or is not visible to this caller");
        await Groups.AddToGroupAsync(Context.ConnectionId, PairGroup(pairId));
    }

    public Task SubscribeAll() => JoinAllAsync(scoresOnly: false);

    /// <summary>Like <see cref="SubscribeBrand"/>, without <c>mentionScored</c> events.</summary>
    public async Task SubscribeBrandScores(long brandId)
    {
        if (!Context.User!.Scope().CanSee(brandId)) throw new HubException($"brand {brandId} is not visible to this caller");
        await Groups.AddToGroupAsync(Context.ConnectionId, ScoresOnly(BrandGroup(brandId)));
    }

    /// <summary>Like <see cref="SubscribeAll"/>, without <c>mentionScored</c> events.</summary>
    public Task SubscribeAllScores() => JoinAllAsync(scoresOnly: true);

    private async Task JoinAllAsync(bool scoresOnly)
    {
        var scope = Context.User!.Scope();
        var groups = scope.Allowed is null ? [AllGroup] : scope.Allowed.Select(BrandGroup);
        foreach (var g in groups) await Groups.AddToGroupAsync(Context.ConnectionId, scoresOnly ? ScoresOnly(g) : g);
    }
}
