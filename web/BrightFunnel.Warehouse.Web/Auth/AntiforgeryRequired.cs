using BrightFunnel.Warehouse.Web.Pages;
using Microsoft.AspNetCore.Antiforgery;

namespace BrightFunnel.Warehouse.Web.Auth;

/// <summary>
/// Enforces the anti-forgery check on a form post. UseAntiforgery only records its verdict
/// (<see cref="IAntiforgeryValidationFeature"/>); a handler that binds no form never reads it, so a
/// forged POST /logout went through. This filter refuses it with a readable 400 page.
/// </summary>
public static class AntiforgeryRequired
{
    public static TBuilder RequireAntiforgery<TBuilder>(this TBuilder endpoint) where TBuilder : IEndpointConventionBuilder =>
        endpoint.WithMetadata(new RequireAntiforgeryTokenAttribute()).AddEndpointFilter(async (context, next) =>
            context.HttpContext.Features.Get<IAntiforgeryValidationFeature>() is { IsValid: true }
                ? await next(context)
                : ErrorPage.Render(StatusCodes.Status400BadRequest, "The form has expired",
                    "This form was not sent from a page of this site, or it has expired. Reload the page and send it again.", LocalUrl.Home, "Back"));
}
