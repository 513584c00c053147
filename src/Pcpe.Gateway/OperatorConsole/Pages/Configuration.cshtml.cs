using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Pcpe.Fhir.Sharing;
using Pcpe.Gateway.Configuration;

namespace Pcpe.Gateway.OperatorConsole.Pages;

/// <summary>The configuration in force, read-only: recipients, routes, the sharing policy and what start-up
/// noted about the configuration.</summary>
public sealed class ConfigurationModel(IOptions<GatewayOptions> options, MinimisationPolicy policy) : PageModel
{
    public GatewayOptions Gateway => options.Value;

    public string PolicyVersion => policy.Version;

    /// <summary>What start-up accepted but an operator should know: the configuration validator refuses to start
    /// on anything worse.</summary>
    public IReadOnlyList<string> Notes { get; private set; } = [];

    public void OnGet()
    {
        var notes = new List<string>();
        if (Gateway.Api.AllowAnonymous)
        {
            notes.Add("L'API accepte les appels sans identité (AllowAnonymous) : à réserver aux essais.");
        }

        if (Gateway.AcceptTestIdentities)
        {
            notes.Add("Les INS de test sont acceptés (AcceptTestIdentities) : jamais en production.");
        }

        if (!Gateway.Directory.Enabled)
        {
            notes.Add("L'annuaire santé n'est pas configuré : les destinataires MSSanté ont besoin d'une adresse.");
        }

        if (!Gateway.Mss.ReadsMailbox)
        {
            notes.Add("Aucune boîte aux lettres MSSanté n'est lue : les messages des coordinateurs ne sont pas intégrés.");
        }

        Notes = notes;
    }

    public static string Where(RecipientOptions recipient)
        => recipient.Endpoint?.GetLeftPart(UriPartial.Path)
            ?? recipient.Address
            ?? (recipient.Finess is { } finess ? $"annuaire : FINESS {finess}" : null)
            ?? (recipient.Rpps is { } rpps ? $"annuaire : RPPS {rpps}" : null)
            ?? (recipient.Channel == RecipientChannel.Dmp ? "boîte de la personne (Mon espace santé)" : "—");
}
