using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace FusionMonitor.Web.Components.Account;

/// <summary>Sign-out: a POST from the layout's form, checked against its antiforgery token so no other site can sign a user out.</summary>
public static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/logout", SignOut).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> SignOut(HttpContext http, IAntiforgery antiforgery)
    {
        if (!await antiforgery.IsRequestValidAsync(http)) return TypedResults.BadRequest();
        await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return TypedResults.LocalRedirect("~/login");
    }
}
