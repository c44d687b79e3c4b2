using FusionMonitor.Ingestion.Pipeline;
using FusionMonitor.Web.Auth;

namespace FusionMonitor.Web.Components.Data;

/// <summary>Which live events a signed-in user may see: the same rule the hub applies to outside clients.</summary>
public static class LiveFilter
{
    /// <summary>
    /// True when the event is about at least one brand in scope. An event about no brand (an alert on an unknown
    /// scope) reaches only users who may see every brand, as the alerts API lists it only to them.
    /// </summary>
    public static bool Visible(LiveEvent e, BrandScope scope)
    {
        var brands = e.AboutBrands();
        return brands.Count == 0 ? scope.Allowed is null : brands.Any(scope.CanSee);
    }
}
