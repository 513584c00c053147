using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Pcpe.Gateway.Configuration;
using Pcpe.Gateway.Mail;
using Pcpe.Mss.Receiving;

namespace Pcpe.Gateway.OperatorConsole.Pages;

/// <summary>The coordinators' messages the mailbox reader set aside, with the code sent back and what to do.</summary>
public sealed class QuarantineModel(IOptions<MssGatewayOptions> mss, ClientCredentialsTokenSource tokens) : PageModel
{
    public const int Shown = 100;

    public bool ReadsMailbox => mss.Value.ReadsMailbox;

    public IReadOnlyList<QuarantinedMessage> Messages { get; private set; } = [];

    public string? Unreachable { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        if (!ReadsMailbox)
        {
            return;
        }

        var receiver = mss.Value.Receiver;
        try
        {
            Messages = await new MssQuarantine(receiver, tokens.For(receiver.Imap)).ListAsync(Shown, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // What failed, not what it said: a server's message may quote an address.
            Unreachable = ex.GetType().Name;
        }
    }

    /// <summary>What the operator (or the coordinator) does about a message refused with this code.</summary>
    public static string WhatToDo(IntegrationErrorCode? code) => code switch
    {
        IntegrationErrorCode.WrongDocumentVersion => "Le document envoyé n'est pas dans la version attendue : le coordinateur renvoie la bonne version.",
        IntegrationErrorCode.AuthorNotAuthorised => "L'expéditeur n'est pas un coordinateur connu : s'il l'est, ajoutez-le (Gateway:Mss:Coordinators ou KnownSenders), puis demandez-lui de renvoyer son message.",
        IntegrationErrorCode.PatientUnknown => "La personne n'est pas connue de la passerelle : vérifiez son identité avec le coordinateur avant un nouvel envoi.",
        IntegrationErrorCode.NoIns => "Le message ne permet pas d'identifier la personne (pas d'INS) : le coordinateur renvoie son message avec l'INS qualifié de la personne.",
        IntegrationErrorCode.InsMismatch => "L'INS ne correspond pas aux traits d'identité : le coordinateur vérifie l'identité (téléservice INSi) et renvoie.",
        IntegrationErrorCode.InsIncomplete => "L'INS est incomplet : le coordinateur renvoie avec l'INS et son OID.",
        null => "Le message n'est pas lisible (pas au format MIME) : demandez à l'expéditeur de le renvoyer depuis sa messagerie MSSanté.",
        _ => "Lisez le motif, puis voyez avec l'expéditeur ; le message reste dans le dossier de quarantaine de la boîte.",
    };
}
