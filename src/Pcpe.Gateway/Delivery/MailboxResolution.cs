using Pcpe.Gateway.Configuration;
using Pcpe.Gateway.NationalDirectory;
using Pcpe.Gateway.Store;

namespace Pcpe.Gateway.Delivery;

/// <summary>
/// Where an MSSanté delivery goes: the transition plan's destination address, once the national directory says it is
/// a mailbox of the destination the plan names; else the recipient's configured address; else the recipient's mailbox
/// in the directory, found by its RPPS (PER, then CAB mailboxes) or FINESS (ORG, then APP), the preferred one first.
/// </summary>
public sealed class MailboxResolution(HealthDirectory directory)
{
    public abstract record Outcome;

    public sealed record Resolved(string Address) : Outcome;

    /// <summary>The address is not the destination's: nothing is sent (blocked).</summary>
    public sealed record Refused(string Reason) : Outcome;

    /// <summary>The directory cannot be reached and has no recent answer: tried again later.</summary>
    public sealed record Unavailable(string Reason) : Outcome;

    /// <summary>The directory has no mailbox of the right kind for the recipient: an operator fixes the configuration.</summary>
    public sealed record Unknown(string Reason) : Outcome;

    public async Task<Outcome> ResolveAsync(LeasedDelivery delivery, RecipientOptions recipient, string? destinationFiness, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        if (delivery.Address is not { } destination)
        {
            return await ResolveAsync(recipient, cancellationToken);
        }

        try
        {
            return await CheckDestinationAsync(destination, destinationFiness, cancellationToken);
        }
        catch (DirectoryUnavailableException unavailable)
        {
            return new Unavailable(unavailable.Message);
        }
    }

    /// <summary>The recipient's own mailbox: configured, or in the directory. A professional is written to at their
    /// own mailbox even when a FINESS says where they work.</summary>
    public async Task<Outcome> ResolveAsync(RecipientOptions recipient, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        try
        {
            return recipient switch
            {
                { Address: { } configured } => new Resolved(configured),
                { Rpps: { } rpps } => Choose(await directory.PractitionerAsync(rpps, cancellationToken), ["PER", "CAB"], $"RPPS {rpps}"),
                { Finess: { } finess } => Choose(await directory.OrganizationAsync(finess, cancellationToken), ["ORG", "APP"], $"FINESS {finess}"),
                _ => new Unknown("the recipient has no address, FINESS nor RPPS"),
            };
        }
        catch (DirectoryUnavailableException unavailable)
        {
            return new Unavailable(unavailable.Message);
        }
    }

    // Without a directory, or for a destination named without a FINESS (home, school), nothing can check the plan's
    // address: it is taken as the DUI gave it.
    private async Task<Outcome> CheckDestinationAsync(string address, string? finess, CancellationToken cancellationToken)
    {
        if (!directory.Enabled || finess is null)
        {
            return new Resolved(address);
        }

        var known = await directory.OrganizationAsync(finess, cancellationToken);
        if (!known.Found)
        {
            return new Refused($"the national directory does not know the destination FINESS {finess}: the transition plan's to.mssAddress cannot be checked");
        }

        return known.Mailboxes.Any(m => string.Equals(m.Address, address, StringComparison.OrdinalIgnoreCase))
            ? new Resolved(address)
            : new Refused($"the transition plan's to.mssAddress is not a mailbox the national directory lists for the destination FINESS {finess}");
    }

    private static Outcome Choose(DirectoryLookup lookup, string[] types, string who)
    {
        if (!lookup.Found)
        {
            return new Unknown($"the national directory does not know {who}");
        }

        var mailbox = types.Select(type => lookup.Mailboxes.FirstOrDefault(m => m.Type == type)).FirstOrDefault(m => m is not null);
        return mailbox is null
            ? new Unknown($"the national directory lists no {string.Join(" or ", types)} MSSanté mailbox for {who}")
            : new Resolved(mailbox.Address);
    }
}
