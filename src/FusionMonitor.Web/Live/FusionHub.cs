using FusionMonitor.Storage.Entities;
using FusionMonitor.Web.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace FusionMonitor.Web.Live;

/// <summary>
/// <c>/hubs/fusion</c>. Clients subscribe to brands, pairs or everything they may see; events go to SignalR groups
/// (<c>brand:{id}</c>, <c>pair:{id}</c>, <c>all</c>), which a Redis backplane carries between instances. A caller
/// limited to some brands can join only those brands' groups, and never <c>all</c>.
/// </summary>
[Authorize(Policy = AuthRegistration.Viewer)]
public sealed class FusionHub(EntityStore entities) : Hub
{
    public const string Path = "/hubs/fusion";

    public static string BrandGroup(long id) => $"brand:{id}";

    public static string PairGroup(long id) => $"pair:{id}";

    public const string AllGroup = "all";

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

    public async Task SubscribeAll()
    {
        var scope = Context.User!.Scope();
        if (scope.Allowed is null)
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, AllGroup);
            return;
        }
        foreach (var b in scope.Allowed) await Groups.AddToGroupAsync(Context.ConnectionId, BrandGroup(b));
    }
}
