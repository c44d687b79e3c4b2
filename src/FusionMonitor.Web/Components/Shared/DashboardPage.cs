using System.Security.Claims;
using FusionMonitor.Ingestion.Pipeline;
using FusionMonitor.Web.Auth;
using FusionMonitor.Web.Components.Data;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace FusionMonitor.Web.Components.Shared;

/// <summary>
/// What every dashboard page needs: the signed-in user's brand scope and a live-event subscription that ends with
/// the page. Live events are filtered by scope here, before any page code sees them, so no page can show a brand
/// its user may not see by forgetting a check.
/// </summary>
public abstract class DashboardPage : ComponentBase, IDisposable
{
    private IDisposable? _subscription;
    private IDisposable? _watch;

    [CascadingParameter] private Task<AuthenticationState> AuthState { get; set; } = default!;

    [Inject] protected LiveNotifier Notifier { get; set; } = default!;

    [Inject] protected DashboardData Data { get; set; } = default!;

    [Inject] private FusionMonitor.Storage.Auth.AuthStore Users { get; set; } = default!;

    [Inject] private FusionMonitor.Web.Live.HubAccessGuard Guard { get; set; } = default!;

    [Inject] private NavigationManager Navigation { get; set; } = default!;

    protected ClaimsPrincipal User { get; private set; } = new();

    protected BrandScope Scope { get; private set; } = new(null);

    protected bool IsAdmin => User.IsInRole(AuthRegistration.Admin);

    protected override async Task OnInitializedAsync()
    {
        // Read again on every page, not taken from the connection's sign-in: an admin's change of this user's brands or
        // role holds from their next page, also in a dashboard connection opened before it.
        User = await (await AuthState).User.CurrentAsync(Users);
        Scope = User.Scope();
        // An open page whose user's role or brands change, or who is disabled, reloads (its live events were filtered
        // by the old scope); the reload reads the new one, or signs a disabled user out.
        if (RendererInfo.IsInteractive && User.UserId() is not null)
            _watch = Guard.Watch(User, () => _ = InvokeAsync(() => Navigation.Refresh(forceReload: true)));
        await LoadAsync();
    }

    /// <summary>First load, after the scope is known.</summary>
    protected virtual Task LoadAsync() => Task.CompletedTask;

    /// <summary>
    /// Calls <paramref name="onEvent"/> for each live event about a brand this user may see (events about no brand
    /// reach only unscoped users). The callback runs on the publisher's thread: it must be quick and marshal UI work
    /// with <c>InvokeAsync</c>.
    /// </summary>
    protected void Listen(Action<LiveEvent> onEvent)
    {
        _subscription?.Dispose();
        var scope = Scope;
        _subscription = Notifier.Subscribe(e =>
        {
            if (LiveFilter.Visible(e, scope)) onEvent(e);
        });
    }

    /// <summary>
    /// Runs <paramref name="work"/> and re-renders, from any thread. A failure is handed to the renderer
    /// (<c>DispatchExceptionAsync</c>) so it is logged and shown like any other page error, never lost on a
    /// background task.
    /// </summary>
    protected Task RenderAsync(Func<Task>? work = null) => InvokeAsync(async () =>
    {
        try
        {
            if (work is not null) await work();
            StateHasChanged();
        }
        catch (Exception e)
        {
            await DispatchExceptionAsync(e);
        }
    });

    public void Dispose()
    {
        _subscription?.Dispose();
        _watch?.Dispose();
        OnDispose();
        GC.SuppressFinalize(this);
    }

    protected virtual void OnDispose()
    {
    }
}
